namespace CivicTrust.Contracts;

/// <summary>Answer of <c>GET /cluster/status</c>: one node's local view, answered without a round trip.</summary>
/// <param name="NodeId">The node's configured identity.</param>
/// <param name="Role"><c>leader</c>, <c>follower</c> or <c>candidate</c> (no leader known).</param>
/// <param name="Term">The node's current Raft term.</param>
/// <param name="Leader">The leader's URL as this node knows it, or <see langword="null"/>.</param>
/// <param name="Pid">The node's own operating-system process id (what a crash drill kills).</param>
/// <param name="CommitIndex">Highest log index this node knows to be committed.</param>
/// <param name="LastApplied">Highest log index applied to this node's state machine.</param>
/// <param name="Documents">Documents in the COMMITTED state on this node.</param>
/// <param name="DuplicatesSkipped">Log entries that apply absorbed as retries.</param>
/// <param name="Security">How this node guards its endpoints.</param>
/// <param name="RoleChanged">W3C <c>traceparent</c> of this node's last <c>raft.role_changed</c> span (when it is traced),
/// so a tool that watched a failover can link its own trace to the election's.</param>
/// <param name="Storage">Whether the member's log and snapshots passed their checks, and any damage and repair;
/// <see langword="null"/> from a node that does not report it.</param>
/// <param name="Members">How many members the node's cluster has, itself included: a drill must reach every one of
/// them to know what a majority is. <see langword="null"/> from a node that does not report it.</param>
public sealed record ClusterStatusResponse(
    string NodeId,
    string Role,
    long Term,
    string? Leader,
    int Pid,
    long CommitIndex,
    long LastApplied,
    long Documents,
    long DuplicatesSkipped,
    SecurityStatusResponse Security,
    string? RoleChanged = null,
    StorageStatusResponse? Storage = null,
    int? Members = null);
