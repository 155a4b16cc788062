using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>
/// Phase <c>drill.verify</c>: every member back and converged, then the logs read and judged: duplicates, divergence,
/// acknowledged documents missing, and every hash's history against its final decision. <see cref="WaitAndVerifyAsync"/> sequences failover, recovery, verification and the report.
/// </summary>
public sealed partial class NodeCrashDrill
{
    // A restored member replays or receives everything it missed; a few seconds on this hardware, bounded all the same.
    private static readonly TimeSpan ConvergenceLimit = TimeSpan.FromSeconds(20);

    /// <summary>Waits for the failover and recovery (at most <paramref name="timeout"/>) and judges the run.</summary>
    public async Task<DrillResult> WaitAndVerifyAsync(TimeSpan timeout, CancellationToken token = default)
    {
        var crash = _schedule.Crash ?? throw new InvalidOperationException("Inject the fault (InjectFaultAsync or KillLeaderAsync) before verifying.");
        var deadline = _time.GetUtcNow() + timeout;
        var errors = new List<string>();
        var failover = await ObserveFailoverAsync(crash, deadline, timeout, errors, token);
        var recovery = await RecoverAsync(failover, deadline, errors, token);
        var verification = await VerifyAsync(timeout, errors, token);
        return Report(crash, failover, recovery, verification, errors);
    }

    private async Task<LogVerification> VerifyAsync(TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        using var phase = Trace.Enter("drill.verify");
        var startedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _schedule.WaitForHeldMemberToRejoinAsync(errors, token);
        errors.AddRange(_schedule.Errors);
        errors.AddRange(_ledger.Contradictions.Take(5));
        await _schedule.RestoreKilledMembersAsync(timeout, errors, token);
        await _schedule.CheckDamageRepairAsync(token);
        var live = _schedule.MembersUp();
        await WaitForConvergenceAsync(live, token);
        MemberLogs = await ReadLogsAsync(live, errors, token);
        var logs = MemberLogs.ToDictionary(l => l.NodeId, l => l.Log);
        // Judged from the logs that were read, failover or not: a drill without a new leader must still say whether
        // acknowledged documents survived. With no log at all there is nothing to judge by; the unread members are
        // already errors, and calling every acknowledged document lost would be a claim the drill cannot back.
        IReadOnlyList<string> lost = logs.Count > 0 ? await new AcknowledgedWriteCheck(_ledger).FindLostAsync(logs) : [];
        if (logs.Count == 0)
        {
            errors.Add("No member's log could be read: acknowledged documents could not be checked.");
        }

        return new LogVerification(
            startedTs, DuplicateDetector.Analyze(logs, MemberLogs.ToDictionary(l => l.NodeId, l => l.Raw)), lost, [.. CompareLogEnds(logs)], LinearizabilityCheck.Check(History.Operations, MemberLogs));
    }

    // Followers learn the commit index on the next heartbeat; comparing logs before they applied it would show a
    // lagging replica, not a divergent one. Bounded: a replica that never catches up is compared as it is.
    private async Task WaitForConvergenceAsync(IReadOnlyList<INodeClient> survivors, CancellationToken token)
    {
        var limit = _time.GetUtcNow() + ConvergenceLimit;
        while (_time.GetUtcNow() < limit)
        {
            try
            {
                var statuses = await Task.WhenAll(survivors.Select(n => n.GetStatusAsync(token)));
                if (statuses.Select(s => s.LastApplied).Distinct().Count() == 1)
                {
                    return;
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }
    }

    // Every member that should be up is read: one that does not answer fails the drill instead of being skipped,
    // since an unread log can hide exactly the loss the drill looks for.
    private async Task<IReadOnlyList<MemberLog>> ReadLogsAsync(IReadOnlyList<INodeClient> live, List<string> errors, CancellationToken token)
    {
        var logs = new List<MemberLog>();
        foreach (var node in live)
        {
            try
            {
                var readAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var status = await node.GetStatusAsync(token);
                logs.Add(new MemberLog(status.NodeId, readAt, await node.ReadLogAsync(token), await node.ReadRawLogAsync(token)));
            }
            catch (NodeUnreachableException e)
            {
                errors.Add($"The log of {node.Endpoint} could not be read: {e.Message}");
            }
        }

        return logs;
    }

    // Converged members hold the same history: one whose applied log ends elsewhere is lagging or truncated. A note,
    // not a verdict: what matters of it (a missing acknowledged document, an index decided twice) fails its own check.
    private static IEnumerable<string> CompareLogEnds(IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs)
    {
        var ends = logs.ToDictionary(l => l.Key, l => l.Value.Count == 0 ? 0 : l.Value[^1].Index);
        return ends.Values.Distinct().Count() <= 1
            ? []
            : [$"The members' logs end at different indexes after convergence: {string.Join(", ", ends.Select(e => $"{e.Key} at {e.Value}"))}."];
    }
}
