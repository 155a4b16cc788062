namespace CivicTrust.Node.Security;

/// <summary>One configured key: the issuer it writes for and the SHA-256 of the key itself (never the key).</summary>
/// <param name="Id">Names the key in logs, metrics and rate-limit partitions without revealing it: <c>issuer#n</c>,
/// n being its position in <c>Security:IssuerKeys</c>, or <c>issuer@i</c> for a key the log admitted at index i.</param>
/// <param name="Issuer">The only issuer this key may issue or abort for.</param>
/// <param name="KeySha256">SHA-256 of the key's UTF-8 bytes.</param>
/// <param name="PermitsPerSecond">Write requests per second this key may make.</param>
public sealed record IssuerKey(string Id, string Issuer, byte[] KeySha256, int PermitsPerSecond)
{
    /// <summary>The id every write made with this key carries in the log, so that a revocation can refuse it when applied.</summary>
    public ulong WriteId => CivicTrust.Documents.IssuerKeyId.Of(KeySha256);
}
