using CivicTrust.Contracts;
using CivicTrust.Documents;

namespace CivicTrust.Node.Api;

/// <summary>Builds <see cref="IssuerKeyResponse"/>s from configured keys and the log's key entries.</summary>
public static class IssuerKeyResponses
{
    /// <summary>A key the log decided something about.</summary>
    public static IssuerKeyResponse Of(IssuerKeyEntry entry, bool configured) =>
        new(entry.KeySha256, entry.Issuer, entry.IsRevoked ? IssuerKeyStateNames.Revoked : IssuerKeyStateNames.Active, configured, entry.AddedIndex, entry.RevokedIndex);

    /// <summary>A key known by its hash and issuer, with whatever <paramref name="book"/> says of it.</summary>
    public static IssuerKeyResponse Of(string keySha256, string issuer, bool configured, IssuerKeyBook book) =>
        book.Find(keySha256) is { } entry ? Of(entry, configured) : new(keySha256, issuer, IssuerKeyStateNames.Active, configured, 0, 0);

    /// <summary>What the log holds about a key, for a refusal's detail.</summary>
    public static string Describe(IssuerKeyEntry? entry) => entry switch
    {
        null => "no entry",
        { IsRevoked: true } => $"revoked at index {entry.RevokedIndex}",
        _ => $"admitted for issuer '{entry.Issuer}' at index {entry.AddedIndex}",
    };
}
