using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Configuration;

/// <summary>
/// The node's own settings under the <c>Cluster</c> section. DotNext's Raft settings (election timeouts, rpc timeout)
/// live in the same section under DotNext's names, so one section configures the whole member.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Every member's URL, this node's included (comma-separated in configuration).</summary>
    public required IReadOnlyList<Uri> Members { get; init; }

    /// <summary>The URL peers use to reach this node; must be one of <see cref="Members"/>.</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>Directory of the write-ahead log and snapshots; one process at a time.</summary>
    public required string DataDir { get; init; }

    /// <summary>Name shown in status and telemetry; defaults to the public URL's host:port.</summary>
    public required string NodeId { get; init; }

    /// <summary>
    /// Log entries between snapshots; a snapshot lets the WAL drop the entries below it, half an interval after it
    /// was taken (see <c>DocumentStateMachine</c>).
    /// </summary>
    public int SnapshotInterval { get; init; } = 10_000;

    /// <summary>
    /// Deadlines of Raft messages to one member (see <c>RaftMessageDeadlines</c>): votes get a deadline below the lower
    /// election timeout (<c>ClusterConfiguration.VoteDeadline</c>), so a member that never answers cannot make an
    /// election outlast itself. Set by <c>ClusterConfiguration.Bind</c> from the election timeouts.
    /// </summary>
    public required RaftMessageDeadlines.Limits RaftDeadlines { get; init; }

    /// <summary>How long a connection attempt to a member may take: the lower election timeout, as DotNext's own handler does.</summary>
    public required TimeSpan RaftConnectTimeout { get; init; }

    /// <summary>
    /// Log entries the leader's write path keeps replicating at once (see <c>DocumentReplicator</c>): writes that arrive
    /// while this many are in flight wait and leave together in the next entry (group commit). One measured best with
    /// 64 clients on the 2-core machine (about 26 documents per entry, against 18 with two in flight and 9 with four,
    /// and the most documents per second): docs/performance.md, "Group commit".
    /// </summary>
    public int MaxEntriesInFlight { get; init; } = DefaultMaxEntriesInFlight;

    /// <summary>The most document commands one log entry carries.</summary>
    public int MaxBatchSize { get; init; } = DefaultMaxBatchSize;

    /// <summary>Default of <see cref="MaxEntriesInFlight"/>.</summary>
    public const int DefaultMaxEntriesInFlight = 1;

    /// <summary>Default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 256;

    /// <summary>How long a write waits for its entry to commit before answering 503 (outcome unknown).</summary>
    public TimeSpan CommitTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
