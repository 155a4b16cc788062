using System.Security.Claims;

namespace CivicTrust.Node.Security;

/// <summary>What an authenticated request knows about its caller.</summary>
public static class IssuerClaims
{
    /// <summary>Claim naming the issuer the caller's key writes for.</summary>
    public const string Issuer = "civictrust:issuer";

    /// <summary>Claim naming the caller's key (its <see cref="IssuerKey.Id"/>, never the key).</summary>
    public const string KeyId = "civictrust:key";

    /// <summary>Claim carrying the <see cref="IssuerKey.WriteId"/> of the caller's key, in decimal.</summary>
    public const string WriteId = "civictrust:write-id";

    /// <summary>The id the caller's writes carry in the log; 0 for an anonymous caller.</summary>
    public static ulong WriteIdOf(ClaimsPrincipal user) =>
        user.FindFirst(WriteId)?.Value is { } id ? ulong.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The caller's issuer, or <see langword="null"/> for an anonymous caller.</summary>
    public static string? IssuerOf(ClaimsPrincipal user) => user.FindFirst(Issuer)?.Value;

    /// <summary>The caller's key id, or <see langword="null"/> for an anonymous caller.</summary>
    public static string? KeyIdOf(ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value;
}
