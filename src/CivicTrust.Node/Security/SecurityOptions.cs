namespace CivicTrust.Node.Security;

/// <summary>The node's <c>Security</c> section: who may write, who may read, and how members prove membership.</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Security";

    /// <summary>Requests per second a key may make to the write endpoints unless its own entry says otherwise.</summary>
    /// <remarks>Far above what one key reaches in the throughput benchmark (about 6,000 documents/s on the build
    /// machine): the limit is there to contain a runaway client, not to shape normal traffic.</remarks>
    public const int DefaultPermitsPerSecond = 25_000;

    /// <summary>Shortest accepted cluster secret, in characters.</summary>
    public const int MinClusterSecretLength = 16;

    /// <summary>Whether writes without a key are allowed (local experiments only; the node says so loudly).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Whether reads of documents, the log and the status need a key too. Health endpoints never do.</summary>
    public bool RequireKeyForReads { get; init; }

    /// <summary>The secret every Raft message between members carries; <see langword="null"/> leaves Raft open.</summary>
    public string? ClusterSecret { get; init; }

    /// <summary>SHA-256 of the key that may admit and revoke issuer keys at run time (<c>/admin/issuer-keys</c>);
    /// <see langword="null"/> turns those endpoints off.</summary>
    public byte[]? AdminKeySha256 { get; init; }

    /// <summary>The keys that may write, each bound to one issuer.</summary>
    public IReadOnlyList<IssuerKey> IssuerKeys { get; init; } = [];
}
