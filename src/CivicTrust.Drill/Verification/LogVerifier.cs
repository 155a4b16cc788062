using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// The verification phase once every member is back: waits for the members to converge, reads every log, and judges
/// them: duplicates, divergence, acknowledged documents missing, and every hash's history against its final decision.
/// </summary>
public sealed class LogVerifier(IDrillLedger ledger, DrillHistory history, TimeProvider time)
{
    // A restored member replays or receives everything it missed; a few seconds on this hardware, bounded all the same.
    private static readonly TimeSpan ConvergenceLimit = TimeSpan.FromSeconds(20);

    /// <summary>Reads and judges the logs of <paramref name="live"/>, the members that should be up; what it cannot read goes to <paramref name="errors"/>.</summary>
    public async Task<LogVerification> VerifyAsync(long startedTs, IReadOnlyList<INodeClient> live, List<string> errors, CancellationToken token)
    {
        await WaitForConvergenceAsync(live, token);
        var members = await ReadLogsAsync(live, errors, token);
        var logs = members.ToDictionary(l => l.NodeId, l => l.Log);
        // Judged from the logs that were read, failover or not: a drill without a new leader must still say whether
        // acknowledged documents survived. With no log at all there is nothing to judge by; the unread members are
        // already errors, and calling every acknowledged document lost would be a claim the drill cannot back.
        IReadOnlyList<string> lost = logs.Count > 0 ? AcknowledgedWriteCheck.FindLost(await ledger.ReadAllAsync(), logs) : [];
        if (logs.Count == 0)
        {
            errors.Add("No member's log could be read: acknowledged documents could not be checked.");
        }

        return new LogVerification(
            startedTs,
            members,
            DuplicateDetector.Analyze(logs, members.ToDictionary(l => l.NodeId, l => l.Raw)),
            lost,
            [.. CompareLogEnds(logs)],
            LinearizabilityCheck.Check(history.Operations, members),
            members.Count > 0 ? DecisionCheck.Tally(history.Operations, members) : null);
    }

    // Followers learn the commit index on the next heartbeat; comparing logs before they applied it would show a
    // lagging replica, not a divergent one. Bounded: a replica that never catches up is compared as it is.
    private async Task WaitForConvergenceAsync(IReadOnlyList<INodeClient> survivors, CancellationToken token)
    {
        var limit = time.GetUtcNow() + ConvergenceLimit;
        while (time.GetUtcNow() < limit)
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

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, token);
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
                var readAt = time.GetUtcNow().ToUnixTimeMilliseconds();
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
