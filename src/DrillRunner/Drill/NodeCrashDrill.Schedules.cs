using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Failover;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for every <see cref="DrillFault"/>: the schedules of kills and restarts. Each ends with the leader's kill
/// (<c>crash_ts</c>, the moment the failover is measured from) and with the members that must form the next majority
/// restarted on whatever their data directories kept.
/// </summary>
public sealed partial class NodeCrashDrill
{
    // After the second follower dies the leader can commit nothing, yet keeps appending what clients send: the
    // uncommitted tail a restarted majority must not mistake for acknowledged history.
    private static readonly TimeSpan LeaderKillDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Injects <see cref="DrillOptions.Fault"/> while issuance runs; returns the leader's kill.</summary>
    /// <param name="documentCount">Documents of the run (a schedule waits a share of them between two kills).</param>
    /// <param name="timeout">How long a restarted member may take to answer again.</param>
    /// <param name="token">Cancels the schedule.</param>
    /// <exception cref="TimeoutException">No leader to start from, or a restarted member never answered.</exception>
    /// <exception cref="CrashFailedException">A kill or restart command failed.</exception>
    public async Task<CrashRecord> InjectFaultAsync(int documentCount, TimeSpan timeout, CancellationToken token = default)
    {
        EnsureNotCrashedYet();
        using var crashing = Trace.Enter("drill.crash");
        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var (leader, followers) = await FindLeaderAsync(token);
        var target = TargetsFollower ? followers[0] : leader;
        var step = Math.Max(1, (int)Math.Ceiling(documentCount * _options.ScheduleStepFraction));
        switch (_options.Fault)
        {
            case DrillFault.Kill:
                return await KillTheLeaderAsync(target, token);

            case DrillFault.Pause:
                return await PauseTargetAsync(target, token);

            case DrillFault.Partition:
                return await PartitionTargetAsync(target, token);

            case DrillFault.DiskCorruption:
            case DrillFault.DiskLoss:
                return await CorruptTargetAsync(target, timeout, token);

            case DrillFault.PowerLoss:
                return await CutPowerAsync(leader, followers, timeout, token);

            case DrillFault.KillNewLeader:
            {
                var first = await KillMemberAsync(leader, token);
                var next = await new FailoverObserver(_time).WaitForNewLeaderAsync(
                    [.. _nodes.Where(n => n.Endpoint != first.Endpoint)], leader.NodeId, _options.FailoverPollInterval, _time.GetUtcNow() + timeout, token)
                    ?? throw new TimeoutException($"No new leader within {timeout.TotalSeconds:0.#} s of killing {leader.NodeId}; there is no second leader to kill.");
                _scheduleSteps.Enqueue($"{next.AgreedAtUnixMs}: {next.LeaderId} elected in term {next.Term}");
                var crash = await KillTheLeaderAsync(await next.LeaderNode.GetStatusAsync(token), token);
                await ProbeLoneSurvivorAsync(_nodes.Single(n => !_down.ContainsKey(n.Endpoint)), token);
                await RestartMemberAsync(first, timeout, token);
                return crash;
            }

            case DrillFault.LaggingMajority:
            {
                var down = await KillMemberAsync(followers[0], token);
                await WaitForMoreAcknowledgementsAsync(step, timeout, token);
                var midStream = await KillMemberAsync(followers[1], token);
                await Task.Delay(LeaderKillDelay, _time, token);
                var crash = await KillTheLeaderAsync(leader, token);
                await RestartMemberAsync(midStream, timeout, token);
                await RestartMemberAsync(down, timeout, token);
                return crash;
            }

            case DrillFault.FollowerThenLeader:
            {
                var lagging = await KillMemberAsync(followers[0], token);
                await WaitForMoreAcknowledgementsAsync(step, timeout, token);
                var back = await RestartMemberAsync(lagging, timeout, token);
                var crash = await KillTheLeaderAsync(leader, token);
                _scheduleSteps.Enqueue($"{lagging.NodeId} had applied {back.LastApplied} when the leader was killed (the leader's own figure is on its kill line)");
                return crash;
            }

            case DrillFault.KillAll:
            {
                var first = await KillMemberAsync(followers[0], token);
                var second = await KillMemberAsync(followers[1], token);
                var crash = await KillTheLeaderAsync(leader, token);
                // All three come back at once, as machines do after an outage of the whole site. One after another,
                // each waited for until it answered, took 6-9 s of the 10 s failover limit on a loaded 2-core machine
                // before the first election could even start (and once 12 s in CI).
                await Task.WhenAll(new[] { first, second, crash.Target }.Select(member => RestartMemberAsync(member, timeout, token)));
                return crash;
            }

            default:
                throw new InvalidOperationException($"Unknown fault {_options.Fault}.");
        }
    }

    // The single member left of three has no majority: any success it returns is an acknowledgement nobody can keep.
    // The probe is recorded like every drill document, so the in-flight tracker settles it whatever happened.
    private async Task ProbeLoneSurvivorAsync(INodeClient lone, CancellationToken token)
    {
        var probe = DrillDocument.Create(RunId, 0, "lone-survivor");
        await _ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
        try
        {
            var answer = await lone.IssueAsync(probe, token);
            _scheduleSteps.Enqueue($"the lone survivor {lone.Endpoint} answered a write with {(int)answer.Status}");
            if (answer.IsSuccess)
            {
                _faultErrors.Enqueue($"{lone.Endpoint} acknowledged a document ({(int)answer.Status}) while it was the only member alive: no majority can have committed it.");
                await _ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
            }
        }
        catch (NodeUnreachableException e)
        {
            _scheduleSteps.Enqueue($"the lone survivor did not answer a write: {e.Message}");
        }
    }

    // Best effort: if the load has finished or stalled, the schedule goes on; the report notes how far it got.
    private async Task WaitForMoreAcknowledgementsAsync(int more, TimeSpan timeout, CancellationToken token)
    {
        try
        {
            await WaitUntilAcknowledgedAsync(_load.Acknowledged + more, timeout, token);
        }
        catch (TimeoutException)
        {
            _scheduleSteps.Enqueue($"the load stopped acknowledging at {_load.Acknowledged} before the next kill");
        }
    }

    // Starts a killed member again and waits until it answers; it is up, not necessarily caught up.
    private async Task<ClusterStatusResponse> RestartMemberAsync(CrashTarget target, TimeSpan timeout, CancellationToken token)
    {
        var restarter = _restarter ?? throw new InvalidOperationException("Restarting a member needs a restarter.");
        await restarter.RestartAsync(target, token);
        lock (_down)
        {
            _down.Remove(target.Endpoint); // kill-all restarts its members concurrently
        }

        var node = _nodes.First(n => n.Endpoint == target.Endpoint);
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                var status = await node.GetStatusAsync(token);
                _scheduleSteps.Enqueue(string.Create(CultureInfo.InvariantCulture,
                    $"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: restarted {target.NodeId} (pid {status.Pid}, applied {status.LastApplied}, term {status.Term})"));
                return status;
            }
            catch (NodeUnreachableException) when (_time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
            }
            catch (NodeUnreachableException e)
            {
                throw new TimeoutException($"{target.NodeId} did not answer within {timeout.TotalSeconds:0.#} s of its restart: {e.Message}", e);
            }
        }
    }

    // Every drill leaves the cluster whole: the killed members come back before the logs are compared, so their logs
    // are checked too, and the next drill finds three members.
    private async Task RestoreKilledMembersAsync(TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        if (_restarter is null)
        {
            return;
        }

        foreach (var target in _down.Values.ToList())
        {
            try
            {
                await RestartMemberAsync(target, timeout, token);
            }
            catch (Exception e) when (e is TimeoutException or CrashFailedException)
            {
                errors.Add($"Restoring {target.NodeId} failed: {e.Message}");
            }
        }
    }
}
