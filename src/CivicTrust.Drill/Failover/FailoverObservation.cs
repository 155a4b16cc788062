namespace CivicTrust.Drill.Failover;

/// <summary>The moment the survivors agreed on a new leader.</summary>
/// <param name="AgreedAtUnixMs">First poll at which every survivor named the same leader and it named itself.</param>
/// <param name="LeaderId">The new leader's node id.</param>
/// <param name="Term">The new leader's term.</param>
/// <param name="LeaderNode">The client of the new leader, for the recovery phase.</param>
/// <param name="ElectionSpan">The new leader's <c>raft.role_changed</c> traceparent, when it reports one.</param>
public sealed record FailoverObservation(long AgreedAtUnixMs, string LeaderId, long Term, CivicTrust.Drill.Cluster.INodeClient LeaderNode, string? ElectionSpan = null);
