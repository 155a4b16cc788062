namespace CivicTrust.Contracts;

/// <summary>One issuer key as a member knows it (<c>/admin/issuer-keys</c>): where it came from and whether it may still write.</summary>
/// <param name="KeySha256">The key's <see cref="IssuerKeyHash"/>.</param>
/// <param name="Issuer">The issuer it writes for.</param>
/// <param name="State"><see cref="IssuerKeyStateNames.Active"/> or <see cref="IssuerKeyStateNames.Revoked"/>.</param>
/// <param name="Configured">Whether the member's own configuration names it (<c>Security:IssuerKeys</c>).</param>
/// <param name="AddedIndex">The log index of the entry that admitted it; 0 for a key only configured.</param>
/// <param name="RevokedIndex">The log index of the entry that revoked it; 0 while it is active. No write with the key
/// is applied at this index or a higher one, on any member.</param>
public sealed record IssuerKeyResponse(string KeySha256, string Issuer, string State, bool Configured, long AddedIndex, long RevokedIndex);
