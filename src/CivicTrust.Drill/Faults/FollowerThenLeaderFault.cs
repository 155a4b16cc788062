using CivicTrust.Contracts;
using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>follower-then-leader</c>: SIGKILL as many followers as a majority can spare, restart them, and SIGKILL the leader
/// before they have caught up, so that every majority left holds at least one member that had not.
/// </summary>
public sealed class FollowerThenLeaderFault : CrashScheduleFault
{
    /// <inheritdoc/>
    public override string Name => "follower-then-leader";

    /// <inheritdoc/>
    public override string Help => "kill and restart the followers a majority can spare, kill the leader before they caught up";

    /// <inheritdoc/>
    public override async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var lagging = new List<CrashTarget>();
        foreach (var follower in schedule.Followers.Take(schedule.Quorum.Tolerated))
        {
            lagging.Add(await schedule.KillMemberAsync(follower, token));
        }

        await schedule.WaitForMoreAcknowledgementsAsync(token);
        var back = new List<ClusterStatusResponse>();
        foreach (var member in lagging)
        {
            back.Add(await schedule.RestartMemberAsync(member, token));
        }

        var crash = await schedule.CrashAsync(schedule.Leader, token);
        foreach (var (member, status) in lagging.Zip(back))
        {
            schedule.Note($"{member.NodeId} had applied {status.LastApplied} when the leader was killed (the leader's own figure is on its kill line)");
        }

        return crash;
    }
}
