using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Failover;
using CivicTrust.DrillRunner.Ledger;
using CivicTrust.DrillRunner.Report;
using CivicTrust.DrillRunner.Telemetry;
using CivicTrust.DrillRunner.Verification;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>Phase 3: observe the failover, settle the in-flight documents, prove fresh issuance, verify the logs.</summary>
public sealed partial class NodeCrashDrill
{
    // A restored member replays or receives everything it missed; a few seconds on this hardware, bounded all the same.
    private static readonly TimeSpan ConvergenceLimit = TimeSpan.FromSeconds(20);

    /// <summary>Waits for the failover and recovery (at most <paramref name="timeout"/>) and judges the run.</summary>
    public async Task<DrillResult> WaitAndVerifyAsync(TimeSpan timeout, CancellationToken token = default)
    {
        var crash = _crash ?? throw new InvalidOperationException("Kill the leader (KillLeaderAsync) before verifying.");
        var deadline = _time.GetUtcNow() + timeout;
        var errors = new List<string>();
        // After kill-all every member is back and any of them may lead again; a follower's fault leaves the leader in
        // place; otherwise the leader that was hit is out.
        var everyMemberKilled = _options.Fault.KillsEveryMember();
        IReadOnlyList<INodeClient> survivors = everyMemberKilled ? _nodes : [.. _nodes.Where(n => n.Endpoint != crash.Target.Endpoint)];
        FailoverObservation? failover;
        using (Trace.Enter("drill.failover"))
        {
            failover = await new FailoverObserver(_time).WaitForNewLeaderAsync(
                survivors, everyMemberKilled || TargetsFollower ? null : crash.Target.NodeId, _options.FailoverPollInterval, deadline, token);
        }

        if (failover is null)
        {
            errors.Add($"The survivors did not agree on a new leader within {timeout.TotalSeconds:0.#} s.");
        }
        else if (failover.Term <= crash.Term && !TargetsFollower)
        {
            errors.Add($"The leader after the crash ({failover.LeaderId}) is in term {failover.Term}, not above the killed leader's {crash.Term}: no election happened.");
        }

        // The documents in flight when the new leader took over are settled at once, while the load goes on:
        // recovery is the cluster's, not the load's pacing. Whatever the load later gives up on is swept at the end.
        var tracker = new InFlightTracker(_ledger, _time);
        InFlightResolution? atFailover = null;
        long? freshAt = null;
        var recovering = Trace.Enter("drill.recovery");
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
        long? recoveryTs = inFlight.ResolvedAtUnixMs is { } resolved && freshAt is { } fresh ? Math.Max(resolved, fresh) : null;
        recovering.Dispose();

        using var verifying = Trace.Enter("drill.verify");
        var verifyStartedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await WaitForHeldMemberToRejoinAsync(errors, token);
        await WaitForIsolationProbesAsync();
        errors.AddRange(_faultErrors);
        errors.AddRange(_ledger.Contradictions.Take(5));
        await RestoreKilledMembersAsync(timeout, errors, token);
        var live = _nodes.Where(n => !_down.ContainsKey(n.Endpoint)).ToList();
        await WaitForConvergenceAsync(live, token);
        var (logs, rawLogs) = await ReadLogsAsync(live, errors, token);
        // Judged from the logs that were read, failover or not: a drill without a new leader must still say whether
        // acknowledged documents survived. With no log at all there is nothing to judge by; the unread members are
        // already errors, and calling every acknowledged document lost would be a claim the drill cannot back.
        IReadOnlyList<string> lost = logs.Count > 0 ? await new AcknowledgedWriteCheck(_ledger).FindLostAsync(logs) : [];
        if (logs.Count == 0)
        {
            errors.Add("No member's log could be read: acknowledged documents could not be checked.");
        }

        var logEnds = CompareLogEnds(logs);
        var logReport = DuplicateDetector.Analyze(logs, rawLogs);

        var measurements = new DrillMeasurements
        {
            Timeline = new DrillTimeline(_startedTs ?? crash.CrashTs, crash.CrashTs, failover?.AgreedAtUnixMs, recoveryTs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            OldLeaderId = crash.Target.NodeId,
            NewLeaderId = failover?.LeaderId,
            DocumentsSubmitted = _load.Submitted,
            DocumentsAcknowledged = _load.Acknowledged,
            Logs = logReport,
            InFlight = inFlight,
            LostAcknowledged = lost,
            FreshIssuanceOk = freshAt is not null,
            WriteGapMs = _load.Acknowledgements.WriteGap(crash.CrashTs),
            LongestAckGapMs = _load.Acknowledgements.LongestGap(crash.CrashTs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            Ledger = _ledger.Description,
            Fault = _options.Fault.Name(),
            CrashMethod = FaultMethod(),
            Errors = errors,
            Notes = [.. logEnds, .. _scheduleSteps, .. logReport.RawLogSummaries, .. _load.Unfinished.Take(5).Select(u => $"issuance of {u.Key}: {u.Value}")],
        };
        var result = DrillResult.From(RunId, [.. _nodes.Select(n => n.Endpoint)], measurements, DrillCriteria.Evaluate(measurements, _options.FailoverLimit));
        TraceId = DrillTelemetry.Emit(Trace, result, crash, failover?.Term, new DrillTelemetry.PhaseMarks(_issuanceEndedTs, _killRequestedTs, verifyStartedTs));
        return result;
    }

    // What was done to the cluster and how, for the report: the schedule, its target, and the injectors it used.
    private string FaultMethod()
    {
        var how = _options.Fault switch
        {
            DrillFault.Pause => $"{_pauser.Description} for {_options.FaultDuration.TotalSeconds:0.#} s",
            DrillFault.Partition => $"{_isolator?.Description} for {_options.FaultDuration.TotalSeconds:0.#} s",
            _ => _crashInjector.Description,
        };
        var target = _options.Fault.HasTarget() ? $" of the {(TargetsFollower ? "follower" : "leader")}" : string.Empty;
        var restart = _restarter is null ? string.Empty : $"; restarts: {_restarter.Description}";
        return $"{_options.Fault.Name()}{target}: {how}{restart}";
    }

    // The load retries through the failover; give it until the deadline, then stop it: what it did not get
    // acknowledged stays "submitted" in the ledger and the in-flight tracker settles it.
    private async Task FinishIssuanceAsync(DateTimeOffset deadline, List<string> errors)
    {
        if (_issuance is null)
        {
            return;
        }

        var remaining = deadline - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.WhenAny(_issuance, Task.Delay(remaining, _time));
        }

        await _stopIssuance.CancelAsync();
        try
        {
            await _issuance;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            errors.Add($"Issuance failed: {e.Message}");
        }
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
    private static async Task<(Dictionary<string, IReadOnlyList<LogEntryResponse>> Logs, Dictionary<string, RawLogResponse> RawLogs)> ReadLogsAsync(
        IReadOnlyList<INodeClient> live, List<string> errors, CancellationToken token)
    {
        var logs = new Dictionary<string, IReadOnlyList<LogEntryResponse>>();
        var rawLogs = new Dictionary<string, RawLogResponse>();
        foreach (var node in live)
        {
            try
            {
                var status = await node.GetStatusAsync(token);
                logs[status.NodeId] = await node.ReadLogAsync(token);
                rawLogs[status.NodeId] = await node.ReadRawLogAsync(token);
            }
            catch (NodeUnreachableException e)
            {
                errors.Add($"The log of {node.Endpoint} could not be read: {e.Message}");
            }
        }

        return (logs, rawLogs);
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
