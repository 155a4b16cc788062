using System.Security.Cryptography;
using System.Text;
using CivicTrust.Documents;

namespace CivicTrust.Node.Security;

/// <summary>
/// Finds the key a presented key is: one of this member's configured keys, or one the log admitted at run time; and
/// whether the log has revoked it, as of the entries this member has applied.
/// </summary>
public sealed class IssuerKeyRing(SecurityOptions options, DocumentRegistry registry)
{
    /// <summary>
    /// The key whose hash is the hash of <paramref name="presented"/>, with its revocation, or <see langword="null"/>
    /// for a key neither configured nor admitted.
    /// </summary>
    /// <remarks>
    /// Every configured hash is compared, with <see cref="CryptographicOperations.FixedTimeEquals"/>, and the loop never
    /// exits early: neither the position of a match nor a near miss shows in the answer's timing. The log's keys are
    /// then looked up by that hash, which the caller already knows, so the lookup reveals nothing about the key.
    /// </remarks>
    public IssuerKeyMatch? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        IssuerKey? match = null;
        foreach (var key in options.IssuerKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.KeySha256))
            {
                match ??= key;
            }
        }

        var entry = registry.Keys.Find(Convert.ToHexStringLower(hash));
        if (match is null && entry is { AddedIndex: > 0 })
        {
            match = Admitted(entry);
        }

        return match is null ? null : new IssuerKeyMatch(match, entry?.RevokedIndex ?? 0);
    }

    /// <summary>The configured key whose hash is <paramref name="keySha256"/> (hex), if any.</summary>
    public IssuerKey? Configured(string keySha256) =>
        options.IssuerKeys.FirstOrDefault(k => string.Equals(Convert.ToHexStringLower(k.KeySha256), keySha256, StringComparison.Ordinal));

    /// <summary>A key the log admitted, as the ring hands it out: named by the index that admitted it.</summary>
    public static IssuerKey Admitted(IssuerKeyEntry entry) =>
        new($"{entry.Issuer}@{entry.AddedIndex}", entry.Issuer, Convert.FromHexString(entry.KeySha256), SecurityOptions.DefaultPermitsPerSecond);
}
