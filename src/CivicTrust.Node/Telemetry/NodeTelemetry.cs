using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CivicTrust.Node.Telemetry;

/// <summary>
/// The node's traces and metrics, both named <c>CivicTrust.Node</c> (ServiceDefaults exports <c>CivicTrust.*</c>).
/// Spans: <c>document.issue</c>, <c>document.abort</c>, <c>raft.role_changed</c>.
/// </summary>
public static class NodeTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "CivicTrust.Node";

    /// <summary>The node's spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The node's instruments.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Documents this replica applied as newly committed.</summary>
    public static readonly Counter<long> DocumentsCommitted =
        Meter.CreateCounter<long>("civictrust.documents.committed", "{document}", "Documents this replica applied as newly committed.");

    /// <summary>Log entries this replica absorbed as retries.</summary>
    public static readonly Counter<long> DuplicatesAbsorbed =
        Meter.CreateCounter<long>("civictrust.documents.duplicates_absorbed", "{entry}", "Log entries this replica absorbed as retries of a decided hash.");

    /// <summary>Hashes this replica applied as aborted.</summary>
    public static readonly Counter<long> DocumentsAborted =
        Meter.CreateCounter<long>("civictrust.documents.aborted", "{document}", "Hashes this replica applied as aborted (fenced).");

    /// <summary>End-to-end latency of <c>POST /documents</c> on the node that received it.</summary>
    public static readonly Histogram<double> IssueDuration =
        Meter.CreateHistogram<double>("civictrust.documents.issue.duration", "ms", "Latency of POST /documents, forwarding and commit included.");

    /// <summary>Commands per log entry the leader appended (group commit).</summary>
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("civictrust.replication.batch_size", "{command}", "Document commands the leader packed into one log entry.");

    /// <summary>Times this node saw a new leader.</summary>
    public static readonly Counter<long> LeaderChanges =
        Meter.CreateCounter<long>("civictrust.raft.leader_changes", "{change}", "Times this node learned of a new leader.");

    /// <summary>Incidents of damage this member found in its own storage (log entries, snapshots).</summary>
    public static readonly Counter<long> StorageDamageFound =
        Meter.CreateCounter<long>("civictrust.storage.damage_found", "{incident}", "Damage this member found in its own log or snapshots.");

    /// <summary>Repairs from the peers this member completed.</summary>
    public static readonly Counter<long> StorageRepairs =
        Meter.CreateCounter<long>("civictrust.storage.repairs", "{repair}", "Repairs of this member's storage from its peers that completed.");

    /// <summary>Span attribute names.</summary>
    public static class Attributes
    {
        /// <summary>Document hash.</summary>
        public const string Hash = "civictrust.document.hash";

        /// <summary>Log index of the deciding entry.</summary>
        public const string Index = "civictrust.document.index";

        /// <summary>Term of the deciding entry.</summary>
        public const string Term = "civictrust.document.term";

        /// <summary>Whether the issue was a retry of a committed document.</summary>
        public const string Duplicate = "civictrust.document.duplicate";

        /// <summary>Resulting status.</summary>
        public const string Status = "civictrust.document.status";

        /// <summary>Whether this node forwarded the request to the leader.</summary>
        public const string ForwardedToLeader = "civictrust.forwarded_to_leader";

        /// <summary>The node that handled the request.</summary>
        public const string NodeId = "civictrust.node.id";

        /// <summary>A Raft role.</summary>
        public const string Role = "civictrust.raft.role";

        /// <summary>A Raft term.</summary>
        public const string RaftTerm = "civictrust.raft.term";

        /// <summary>Where storage damage was found: <c>log</c> or <c>snapshot</c>.</summary>
        public const string StorageArea = "civictrust.storage.area";

        /// <summary>The leader's URL.</summary>
        public const string Leader = "civictrust.raft.leader";
    }
}
