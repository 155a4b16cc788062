using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Failover;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>Phase 2: find the leader and kill it.</summary>
public sealed partial class NodeCrashDrill
{
    private static readonly TimeSpan LeaderSearchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Finds the leader through <c>/cluster/status</c> and kills its process; records <c>crash_ts</c>.</summary>
    /// <exception cref="TimeoutException">The nodes did not agree on a leader within 10 s.</exception>
    /// <exception cref="CrashFailedException">The crash injector could not kill it.</exception>
    public async Task<CrashRecord> KillLeaderAsync(CancellationToken token = default)
    {
        if (_crash is not null)
        {
            throw new InvalidOperationException($"The leader {_crash.Target.NodeId} was already killed in this drill.");
        }

        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var (leader, node) = await FindLeaderAsync(token);
        var target = new CrashTarget(leader.NodeId, leader.Pid, node.Endpoint);
        await _crashInjector.CrashAsync(target, token);
        _crash = new CrashRecord(target, leader.Term, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return _crash;
    }

    private async Task<(ClusterStatusResponse Status, INodeClient Node)> FindLeaderAsync(CancellationToken token)
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
            if (FailoverObserver.Agreement(statuses, excludedLeaderId: null) is { } leader)
            {
                return (leader, _nodes[Array.IndexOf(statuses, leader)]);
            }

            await Task.Delay(_options.FailoverPollInterval, _time, token);
        }

        throw new TimeoutException($"The nodes did not agree on a leader within {LeaderSearchTimeout.TotalSeconds} s; there is nothing to crash.");
    }
}
