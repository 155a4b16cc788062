namespace CivicTrust.Contracts;

/// <summary>Body of <c>POST /admin/issuer-keys</c>: a key to admit, named by its hash, never by the key itself.</summary>
/// <param name="Issuer">The only issuer the key may write for.</param>
/// <param name="KeySha256">The key's <see cref="IssuerKeyHash"/> (64 hex characters).</param>
public sealed record AddIssuerKeyRequest(string Issuer, string KeySha256);
