using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill.Failover;

/// <summary>
/// Watches the surviving nodes after the crash and notes the first moment they all report the same new leader and
/// that node reports itself leader. Polls every few milliseconds, so the measured failover is the cluster's, give or
/// take one poll.
/// </summary>
public sealed class FailoverObserver(TimeProvider time)
{
    /// <summary>Polls until agreement on a leader other than <paramref name="oldLeaderId"/> (any leader when it is
    /// <see langword="null"/>), or until <paramref name="deadline"/>.</summary>
    /// <returns>The observation, or <see langword="null"/> if the survivors never agreed in time.</returns>
    public async Task<FailoverObservation?> WaitForNewLeaderAsync(
        IReadOnlyList<INodeClient> survivors, string? oldLeaderId, TimeSpan pollInterval, DateTimeOffset deadline, CancellationToken token)
    {
        while (time.GetUtcNow() < deadline)
        {
            var statuses = await Task.WhenAll(survivors.Select(node => TryStatusAsync(node, token)));
            var observedAt = time.GetUtcNow();
            if (Agreement(statuses, oldLeaderId) is { } leader)
            {
                var leaderNode = survivors[Array.IndexOf(statuses, leader)];
                return new FailoverObservation(observedAt.ToUnixTimeMilliseconds(), leader.NodeId, leader.Term, leaderNode, leader.RoleChanged);
            }

            await Task.Delay(pollInterval, time, token);
        }

        return null;
    }

    /// <summary>The leader every status agrees on, if they all answered and agree; else <see langword="null"/>.</summary>
    public static ClusterStatusResponse? Agreement(IReadOnlyList<ClusterStatusResponse?> statuses, string? excludedLeaderId)
    {
        if (statuses.Count == 0 || statuses.Any(s => s?.Leader is null))
        {
            return null;
        }

        var leaderUrl = statuses[0]!.Leader;
        if (statuses.Any(s => !string.Equals(s!.Leader, leaderUrl, StringComparison.Ordinal)))
        {
            return null;
        }

        var selfDeclared = statuses.Where(s => s!.Role == ClusterRoleNames.Leader).ToList();
        return selfDeclared is [{ } leader] && leader.NodeId != excludedLeaderId ? leader : null;
    }

    private static async Task<ClusterStatusResponse?> TryStatusAsync(INodeClient node, CancellationToken token)
    {
        try
        {
            return await node.GetStatusAsync(token);
        }
        catch (NodeUnreachableException)
        {
            return null;
        }
    }
}
