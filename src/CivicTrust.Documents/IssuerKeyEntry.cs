namespace CivicTrust.Documents;

/// <summary>An issuer key as the log decided it: admitted at run time, revoked, or both.</summary>
/// <param name="KeySha256">The key's SHA-256, lower-case hex.</param>
/// <param name="Issuer">The issuer it writes for.</param>
/// <param name="AddedIndex">The index of the entry that admitted it; 0 for a key the log only revoked (a configured one).</param>
/// <param name="RevokedIndex">The index of the entry that revoked it; 0 while it is not revoked.</param>
public sealed record IssuerKeyEntry(string KeySha256, string Issuer, long AddedIndex, long RevokedIndex)
{
    /// <summary>The id every write made with this key carries.</summary>
    public ulong Id => IssuerKeyId.Of(KeySha256);

    /// <summary>Whether the key was revoked.</summary>
    public bool IsRevoked => RevokedIndex > 0;
}
