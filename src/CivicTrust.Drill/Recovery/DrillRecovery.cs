using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill.Recovery;

/// <summary>
/// The recovery phase: the documents in flight at the failover end COMMITTED or ABORTED while the new leader proves it
/// takes a fresh document; then the load ends and whatever it gave up on is settled the same way.
/// </summary>
public sealed class DrillRecovery(InFlightTracker tracker, FreshIssuanceProbe fresh, string runId)
{
    /// <summary>Settles the run after <paramref name="failover"/> (none: nothing can be settled, only counted).</summary>
    /// <param name="failover">The new leader, or <see langword="null"/> when none was elected.</param>
    /// <param name="finishIssuance">Ends the load; called between the two settlements.</param>
    /// <param name="deadline">When the drill stops waiting on the cluster.</param>
    /// <param name="token">Cancels the phase.</param>
    public async Task<RecoveryOutcome> RecoverAsync(FailoverObservation? failover, Func<Task> finishIssuance, DateTimeOffset deadline, CancellationToken token)
    {
        // The documents in flight when the new leader took over are settled at once, while the load goes on:
        // recovery is the cluster's, not the load's pacing. Whatever the load later gives up on is swept at the end.
        InFlightResolution? atFailover = null;
        long? freshAt = null;
        if (failover is not null)
        {
            // Concurrently: one stuck document must not keep the new leader from proving it takes fresh issuance.
            var inFlightAtFailover = await tracker.InFlightAsync();
            var freshIssuance = fresh.IssueAsync(failover.LeaderNode, runId, deadline, token);
            atFailover = await tracker.ResolveAsync(failover.LeaderNode, inFlightAtFailover, deadline, token);
            freshAt = await freshIssuance;
        }

        await finishIssuance();
        var leftovers = await tracker.InFlightAsync();
        var swept = failover is null
            ? new InFlightResolution(0, 0, leftovers, null)
            : await tracker.ResolveAsync(failover.LeaderNode, leftovers, deadline, token);
        var inFlight = atFailover is null ? swept : InFlightResolution.Combine(atFailover, swept);
        long? recoveredAt = inFlight.ResolvedAtUnixMs is { } resolved && freshAt is { } freshTs ? Math.Max(resolved, freshTs) : null;
        return new RecoveryOutcome(inFlight, freshAt, recoveredAt);
    }

    /// <summary>
    /// Settles what the fault's schedule sent after the sweep: a partition probes its cut-off member with fresh documents
    /// until the heal, which can come after the load has ended. Called once the cluster is whole, before the logs are
    /// read, so that nothing the drill sent is left undecided; <c>recovery_ts</c> stays the failover's.
    /// </summary>
    public async Task<RecoveryOutcome> SettleLateAsync(FailoverObservation? failover, RecoveryOutcome outcome, DateTimeOffset deadline, CancellationToken token)
    {
        var late = await tracker.InFlightAsync();
        if (failover is null || late.Count == 0)
        {
            return outcome;
        }

        var swept = await tracker.ResolveAsync(failover.LeaderNode, late, deadline, token);
        return outcome with { InFlight = InFlightResolution.Combine(outcome.InFlight, swept) };
    }
}
