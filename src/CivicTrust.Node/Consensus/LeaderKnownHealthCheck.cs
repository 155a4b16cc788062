using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Ready means "part of a cluster that has a leader": a node that sees none cannot serve writes, and the
/// orchestrator (and tests) wait on this to know the cluster has formed.
/// </summary>
public sealed class LeaderKnownHealthCheck(ClusterView view) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(view.LeaderUrl is { } leader
            ? HealthCheckResult.Healthy($"{view.Role} in term {view.Term}; leader {leader}")
            : HealthCheckResult.Unhealthy($"no leader known in term {view.Term}"));
}
