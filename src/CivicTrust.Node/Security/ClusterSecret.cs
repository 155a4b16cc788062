using System.Security.Cryptography;
using System.Text;

namespace CivicTrust.Node.Security;

/// <summary>
/// The proof of membership on member-to-member traffic: every Raft message carries the cluster's shared secret in
/// <see cref="HeaderName"/>. Compared through its SHA-256, in constant time, so neither its length nor a partial match
/// shows in timing.
/// </summary>
public sealed class ClusterSecret
{
    /// <summary>Header that carries the secret.</summary>
    public const string HeaderName = "X-CivicTrust-Cluster-Secret";

    private readonly byte[] _hash;

    /// <summary>A secret as configured in <c>Security:ClusterSecret</c>.</summary>
    public ClusterSecret(string value)
    {
        Value = value;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The secret, for outgoing messages only.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="presented"/> is the secret.</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
}
