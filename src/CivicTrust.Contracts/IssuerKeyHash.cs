using System.Security.Cryptography;
using System.Text;

namespace CivicTrust.Contracts;

/// <summary>
/// How an issuer key is written into a node's configuration (<c>Security:IssuerKeys:N:KeySha256</c>): the lower-case
/// hex SHA-256 of the key's UTF-8 bytes. Nodes keep only this, so a leaked configuration does not leak the keys; keys
/// are random (32 bytes or more), so an unsalted hash is not open to guessing.
/// </summary>
public static class IssuerKeyHash
{
    /// <summary>Length of the hex form.</summary>
    public const int HexLength = 64;

    /// <summary>The configuration form of <paramref name="key"/>.</summary>
    public static string Compute(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
