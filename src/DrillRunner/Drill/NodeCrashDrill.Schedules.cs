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
                return await KillLeadersUntilNoMajorityAsync(leader, timeout, token);

            case DrillFault.LaggingMajority:
            {
                // The followers a majority can spare go down first, one after another, and miss what the rest commit;
                // the others die mid-stream, then the leader. Whichever majority the restarted followers form, it
                // holds members that lag and must still lose nothing acknowledged.
                var lagging = new List<CrashTarget>();
                foreach (var follower in followers.Take(_quorum.Tolerated))
                {
                    lagging.Add(await KillMemberAsync(follower, token));
                    await WaitForMoreAcknowledgementsAsync(step, timeout, token);
                }

                var midStream = new List<CrashTarget>();
                foreach (var follower in followers.Skip(_quorum.Tolerated))
                {
                    midStream.Add(await KillMemberAsync(follower, token));
                }

                await Task.Delay(LeaderKillDelay, _time, token);
                var crash = await KillTheLeaderAsync(leader, token);
                // Latest victim first: the first majority to come back is the one that lags most.
                foreach (var member in Enumerable.Reverse([.. lagging, .. midStream]))
                {
                    await RestartMemberAsync(member, timeout, token);
                }

                return crash;
            }

            case DrillFault.FollowerThenLeader:
            {
                // As many followers as a majority can spare, so that every majority left after the leader's kill
                // holds at least one member that had not caught up.
                var lagging = new List<CrashTarget>();
                foreach (var follower in followers.Take(_quorum.Tolerated))
                {
                    lagging.Add(await KillMemberAsync(follower, token));
                }

                await WaitForMoreAcknowledgementsAsync(step, timeout, token);
                var back = new List<ClusterStatusResponse>();
                foreach (var member in lagging)
                {
                    back.Add(await RestartMemberAsync(member, timeout, token));
                }

                var crash = await KillTheLeaderAsync(leader, token);
                foreach (var (member, status) in lagging.Zip(back))
                {
                    _scheduleSteps.Enqueue($"{member.NodeId} had applied {status.LastApplied} when the leader was killed (the leader's own figure is on its kill line)");
                }

                return crash;
            }

            case DrillFault.KillAll:
            {
                var victims = new List<CrashTarget>();
                foreach (var follower in followers)
                {
                    victims.Add(await KillMemberAsync(follower, token));
                }

                var crash = await KillTheLeaderAsync(leader, token);
                victims.Add(crash.Target);
                // All come back at once, as machines do after an outage of the whole site. One after another,
                // each waited for until it answered, took 6-9 s of the 10 s failover limit on a loaded 2-core machine
                // before the first election could even start (and once 12 s in CI).
                await Task.WhenAll(victims.Select(member => RestartMemberAsync(member, timeout, token)));
                return crash;
            }

            default:
                throw new InvalidOperationException($"Unknown fault {_options.Fault}.");
        }
    }

    // Each leader is killed as soon as the next is elected, until the members left are too few for a majority: they
    // must refuse writes. Then the first victim comes back, which makes a majority again and must restore service.
    private async Task<CrashRecord> KillLeadersUntilNoMajorityAsync(ClusterStatusResponse leader, TimeSpan timeout, CancellationToken token)
    {
        var first = await KillMemberAsync(leader, token);
        var killed = 1;
        var previous = leader.NodeId;
        while (true)
        {
            var next = await new FailoverObserver(_time).WaitForNewLeaderAsync(
                MembersUp(), previous, _options.FailoverPollInterval, _time.GetUtcNow() + timeout, token)
                ?? throw new TimeoutException($"No new leader within {timeout.TotalSeconds:0.#} s of killing {previous}; there is no next leader to kill.");
            _scheduleSteps.Enqueue($"{next.AgreedAtUnixMs}: {next.LeaderId} elected in term {next.Term}");
            var status = await next.LeaderNode.GetStatusAsync(token);
            if (killed == _quorum.Tolerated)
            {
                var crash = await KillTheLeaderAsync(status, token);
                await ProbeSurvivorsWithoutMajorityAsync(token);
                await RestartMemberAsync(first, timeout, token);
                return crash;
            }

            await KillMemberAsync(status, token);
            killed++;
            previous = next.LeaderId;
        }
    }

    // The members left without a majority: any success one returns is an acknowledgement nobody can keep. Each probe is
    // recorded like every drill document, so the in-flight tracker settles it whatever happened.
    private async Task ProbeSurvivorsWithoutMajorityAsync(CancellationToken token)
    {
        var survivors = MembersUp();
        for (var i = 0; i < survivors.Count; i++)
        {
            var survivor = survivors[i];
            var probe = DrillDocument.Create(RunId, i, "without-majority");
            await _ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
            try
            {
                var answer = await survivor.IssueAsync(probe, token);
                _scheduleSteps.Enqueue($"the survivor {survivor.Endpoint}, with no majority left, answered a write with {(int)answer.Status}");
                if (answer.IsSuccess)
                {
                    _staleAcknowledgements.Enqueue($"{survivor.Endpoint} acknowledged a document ({(int)answer.Status}) while too few members were alive for a majority: no majority can have committed it.");
                    await _ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
                }
            }
            catch (NodeUnreachableException e)
            {
                _scheduleSteps.Enqueue($"the survivor {survivor.Endpoint}, with no majority left, did not answer a write: {e.Message}");
            }
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
    // are checked too, and the next drill finds every member.
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
