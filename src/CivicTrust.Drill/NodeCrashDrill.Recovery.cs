using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>
/// Phase <c>drill.recovery</c>: the documents in flight at the failover end COMMITTED or ABORTED, and the new leader
/// takes a fresh document; then the load ends and whatever it gave up on is settled too.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private async Task<RecoveryOutcome> RecoverAsync(FailoverObservation? failover, DateTimeOffset deadline, List<string> errors, CancellationToken token)
    {
        using var phase = Trace.Enter("drill.recovery");
        // The documents in flight when the new leader took over are settled at once, while the load goes on:
        // recovery is the cluster's, not the load's pacing. Whatever the load later gives up on is swept at the end.
        var tracker = new InFlightTracker(_ledger, _time, _options.Resolve, History.DocumentOf);
        InFlightResolution? atFailover = null;
        long? freshAt = null;
        if (failover is not null)
        {
            // Concurrently: one stuck document must not keep the new leader from proving it takes fresh issuance.
            var inFlightAtFailover = await tracker.InFlightAsync();
            var freshIssuance = IssueFreshAsync(failover.LeaderNode, deadline, token);
            atFailover = await tracker.ResolveAsync(failover.LeaderNode, inFlightAtFailover, deadline, token);
            freshAt = await freshIssuance;
        }

        await FinishIssuanceAsync(deadline, errors);
        var leftovers = await tracker.InFlightAsync();
        var swept = failover is null
            ? new InFlightResolution(0, 0, leftovers, null)
            : await tracker.ResolveAsync(failover.LeaderNode, leftovers, deadline, token);
        var inFlight = atFailover is null ? swept : InFlightResolution.Combine(atFailover, swept);
        long? recoveredAt = inFlight.ResolvedAtUnixMs is { } resolved && freshAt is { } fresh ? Math.Max(resolved, fresh) : null;
        return new RecoveryOutcome(inFlight, freshAt, recoveredAt);
    }

    private async Task<long?> IssueFreshAsync(INodeClient leader, DateTimeOffset deadline, CancellationToken token)
    {
        var fresh = DrillDocument.Create(RunId, 0, "fresh");
        await _ledger.RecordAsync(fresh.Hash, LedgerState.Submitted);
        while (_time.GetUtcNow() < deadline)
        {
            try
            {
                var answer = await leader.IssueAsync(fresh, token);
                if (answer.IsSuccess && answer.DocumentStatus == DocumentStatusNames.Committed)
                {
                    await _ledger.RecordAsync(fresh.Hash, LedgerState.Acknowledged);
                    return _time.GetUtcNow().ToUnixTimeMilliseconds();
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(_options.RetryDelay, _time, token);
        }

        return null;
    }
}
