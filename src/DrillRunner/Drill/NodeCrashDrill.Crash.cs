using System.Collections.Concurrent;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Failover;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>Phase 2: find the leader and kill it; the building blocks every crash schedule is made of.</summary>
public sealed partial class NodeCrashDrill
{
    private static readonly TimeSpan LeaderSearchTimeout = TimeSpan.FromSeconds(10);

    // Members killed and not yet started again, by endpoint: restored before the logs are compared.
    private readonly Dictionary<Uri, CrashTarget> _down = [];
    private readonly Dictionary<string, Uri> _statusEndpoints = new(StringComparer.Ordinal);
    // Queues: the fault's end and the partition's probes write from their own tasks.
    private readonly ConcurrentQueue<string> _scheduleSteps = [];

    // What went wrong in injecting or ending a fault (a member that would not resume, a command that failed).
    private readonly ConcurrentQueue<string> _faultErrors = [];

    // Writes answered 2xx by a member that could not have had a majority (cut off, or alone): a safety violation,
    // judged by its own criterion rather than filed among the drill's errors.
    private readonly ConcurrentQueue<string> _staleAcknowledgements = [];

    private bool TargetsFollower => _options.Fault.HasTarget() && _options.Target == DrillTarget.Follower;

    // After a schedule that took down a majority or every member and brought them back, any member may lead again.
    private bool AnyMemberMayLeadAgain =>
        _options.Fault.KillsEveryMember() || (_options.Fault.HitsSeveral() && _options.Target is DrillTarget.Majority or DrillTarget.All);

    /// <summary>Finds the leader through <c>/cluster/status</c> and kills its process; records <c>crash_ts</c>.</summary>
    /// <exception cref="TimeoutException">The nodes did not agree on a leader within 10 s.</exception>
    /// <exception cref="CrashFailedException">The crash injector could not kill it.</exception>
    public async Task<CrashRecord> KillLeaderAsync(CancellationToken token = default)
    {
        EnsureNotCrashedYet();
        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var (leader, _) = await FindLeaderAsync(token);
        return await KillTheLeaderAsync(leader, token);
    }

    private void EnsureNotCrashedYet()
    {
        if (_crash is not null)
        {
            throw new InvalidOperationException($"The leader {_crash.Target.NodeId} was already killed in this drill.");
        }
    }

    // The kill the failover is measured from: crash_ts.
    private async Task<CrashRecord> KillTheLeaderAsync(ClusterStatusResponse leader, CancellationToken token, ICrashInjector? injector = null)
    {
        var target = await KillMemberAsync(leader, token, injector);
        _crash = new CrashRecord(target, leader.Term, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return _crash;
    }

    private async Task<CrashTarget> KillMemberAsync(ClusterStatusResponse member, CancellationToken token, ICrashInjector? injector = null)
    {
        var node = NodeOf(member);
        try
        {
            // For the report: where this member stood the moment it died, not when the schedule began.
            member = await node.GetStatusAsync(token) is { } now && now.Pid == member.Pid ? now : member;
        }
        catch (NodeUnreachableException)
        {
        }

        var target = new CrashTarget(member.NodeId, member.Pid, node.Endpoint);
        // Both ends of the kill go in the report: a command-template injector (ssh, kubectl) can take seconds, and
        // crash_ts is when it returned, not when it was asked for.
        var requested = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await (injector ?? _crashInjector).CrashAsync(target, token);
        _down[node.Endpoint] = target;
        var returned = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _scheduleSteps.Enqueue($"{returned}: killed {member.NodeId} (pid {member.Pid}, {member.Role}, term {member.Term}, applied {member.LastApplied}); kill started at {requested}, returned after {returned - requested} ms");
        return target;
    }

    // Members neither killed nor waiting for their restart: the ones an election is watched on (kill-all restarts
    // members concurrently, hence the lock).
    private List<INodeClient> MembersUp()
    {
        lock (_down)
        {
            return [.. _nodes.Where(n => !_down.ContainsKey(n.Endpoint))];
        }
    }

    // Node ids come from the nodes' own status; which endpoint answered with which id is noted as statuses are read.
    private INodeClient NodeOf(ClusterStatusResponse status) => _nodes.First(n => n.Endpoint == _statusEndpoints[status.NodeId]);

    private async Task<(ClusterStatusResponse Leader, IReadOnlyList<ClusterStatusResponse> Followers)> FindLeaderAsync(CancellationToken token)
    {
        var deadline = _time.GetUtcNow() + LeaderSearchTimeout;
        while (_time.GetUtcNow() < deadline)
        {
            var statuses = await Task.WhenAll(_nodes.Select(async node =>
            {
                try
                {
                    return await node.GetStatusAsync(token);
                }
                catch (NodeUnreachableException)
                {
                    return null;
                }
            }));

            // Noted here, after the reads, not inside them: a Dictionary written from concurrent reads loses entries.
            for (var i = 0; i < statuses.Length; i++)
            {
                if (statuses[i] is { } status)
                {
                    _statusEndpoints[status.NodeId] = _nodes[i].Endpoint;
                }
            }

            if (FailoverObserver.Agreement(statuses, excludedLeaderId: null) is { } leader)
            {
                return (leader, [.. statuses.Where(s => s != leader).Select(s => s!)]);
            }

            await Task.Delay(_options.FailoverPollInterval, _time, token);
        }

        throw new TimeoutException($"The nodes did not agree on a leader within {LeaderSearchTimeout.TotalSeconds} s; there is nothing to crash.");
    }
}
