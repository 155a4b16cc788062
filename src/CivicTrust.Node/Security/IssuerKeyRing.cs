using System.Security.Cryptography;
using System.Text;

namespace CivicTrust.Node.Security;

/// <summary>Finds the configured key a presented key is, in time that does not depend on which key (if any) matches.</summary>
public sealed class IssuerKeyRing(SecurityOptions options)
{
    /// <summary>Whether any key is configured.</summary>
    public bool IsEmpty => options.IssuerKeys.Count == 0;

    /// <summary>The configured key whose hash is the hash of <paramref name="presented"/>, or <see langword="null"/>.</summary>
    /// <remarks>
    /// Every configured hash is compared, with <see cref="CryptographicOperations.FixedTimeEquals"/>, and the loop never
    /// exits early: neither the position of a match nor a near miss shows in the answer's timing.
    /// </remarks>
    public IssuerKey? Find(string presented)
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

        return match;
    }
}
