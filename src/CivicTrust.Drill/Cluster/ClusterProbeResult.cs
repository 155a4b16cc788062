namespace CivicTrust.Drill.Cluster;

/// <summary>What one round of <c>/cluster/status</c> across the members said (<see cref="ClusterProbe.ProbeAsync"/>).</summary>
/// <param name="Unreachable">One line per member that did not answer, or answered as no CivicTrust node would.</param>
/// <param name="MembershipProblem">Why the members named are not the whole cluster; <see langword="null"/> when every member
/// that reports its cluster's size reports as many as were named.</param>
public sealed record ClusterProbeResult(IReadOnlyList<string> Unreachable, string? MembershipProblem);
