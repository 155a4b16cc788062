using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Crash;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for <see cref="DrillFault.PowerLoss"/>: the target members lose power, the leader last when it is among
/// them; each dies and its disk keeps only what it had synced (how is the power-loss command's business, e.g.
/// <c>scripts/local-cluster.sh power-cut</c>); then all are started again at once on those disks. The proof is the one every
/// drill makes: no acknowledged document missing on any member, nothing divergent, nothing pending.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private async Task<CrashRecord> CutPowerAsync(ClusterStatusResponse leader, IReadOnlyList<ClusterStatusResponse> followers, TimeSpan timeout, CancellationToken token)
    {
        var cutter = _powerCutter ?? throw new InvalidOperationException("A power-loss drill needs a power cutter.");
        IReadOnlyList<ClusterStatusResponse> others = _options.Target switch
        {
            DrillTarget.Follower => [],
            DrillTarget.Majority => [.. followers.Take(_quorum.Majority - 1)],
            DrillTarget.All => followers,
            _ => [],
        };
        var victims = new List<CrashTarget>();
        foreach (var follower in others)
        {
            victims.Add(await KillMemberAsync(follower, token, cutter));
        }

        var crash = await KillTheLeaderAsync(TargetsFollower ? followers[0] : leader, token, cutter);
        victims.Add(crash.Target);
        _scheduleSteps.Enqueue(string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: power cut on {string.Join(", ", victims.Select(v => v.NodeId))}"));
        if (victims.Count == 1)
        {
            _failoverDuringFault = await WatchFailoverAsync(crash, _time.GetUtcNow() + timeout, token);
        }

        // All come back at once, as kill-all's do: one after another, each mounting its disk and waited for until it
        // answered, a majority of five took the new leader to 10.2 s once (bound 10 s).
        await Task.WhenAll(victims.Select(victim => RestartMemberAsync(victim, timeout, token)));

        return crash;
    }
}
