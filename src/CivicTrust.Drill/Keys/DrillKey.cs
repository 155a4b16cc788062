using System.Security.Cryptography;
using CivicTrust.Contracts;

namespace CivicTrust.Drill.Keys;

/// <summary>
/// An issuer key the drill made for one run and admitted at run time (<c>/admin/issuer-keys</c>): its secret, sent as
/// the bearer and held only in memory, and its <see cref="IssuerKeyHash"/>, the only form that is written anywhere
/// (the history, the report, the admin requests). Its text never shows the secret.
/// </summary>
public sealed class DrillKey
{
    private DrillKey(string secret)
    {
        Secret = secret;
        Sha256 = IssuerKeyHash.Compute(secret);
    }

    /// <summary>The key itself: what a client sends as <c>Authorization: Bearer</c>.</summary>
    public string Secret { get; }

    /// <summary>Its <see cref="IssuerKeyHash"/> form: how nodes name it, and how the history names it.</summary>
    public string Sha256 { get; }

    /// <summary>The first characters of <see cref="Sha256"/>, enough to tell the run's keys apart in notes.</summary>
    public string Prefix => Sha256[..12];

    /// <summary>A fresh key: 32 random bytes, in hex, as random as the keys nodes are configured with.</summary>
    public static DrillKey Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A key with a known secret, for tests.</summary>
    public static DrillKey Of(string secret) => new(secret);

    /// <inheritdoc/>
    public override string ToString() => $"issuer key {Prefix}…";
}
