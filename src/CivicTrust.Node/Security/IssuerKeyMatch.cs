namespace CivicTrust.Node.Security;

/// <summary>A presented key that the ring knows: the key, and the log index it was revoked at (0 while it may write).</summary>
/// <param name="Key">The configured or admitted key.</param>
/// <param name="RevokedIndex">The index of the entry that revoked it on this member's applied log; 0 if none has.</param>
public sealed record IssuerKeyMatch(IssuerKey Key, long RevokedIndex)
{
    /// <summary>Whether the key was revoked.</summary>
    public bool IsRevoked => RevokedIndex > 0;
}
