using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>lagging-majority</c>: SIGKILL as many followers as a majority can spare (one of three, two of five), one after
/// another while the rest commit; then the other followers mid-stream, then the leader; restart the followers first,
/// the latest victim first. Whichever majority they form holds members that lag and must still lose nothing acknowledged.
/// </summary>
public sealed class LaggingMajorityFault : CrashScheduleFault
{
    // After the last follower dies the leader can commit nothing, yet keeps appending what clients send: the
    // uncommitted tail a restarted majority must not mistake for acknowledged history.
    private static readonly TimeSpan LeaderKillDelay = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc/>
    public override string Name => "lagging-majority";

    /// <inheritdoc/>
    public override string Help => "kill the followers a majority can spare, the others mid-stream, then the leader, restart the followers";

    /// <inheritdoc/>
    public override async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var lagging = new List<CrashTarget>();
        foreach (var follower in schedule.Followers.Take(schedule.Quorum.Tolerated))
        {
            lagging.Add(await schedule.KillMemberAsync(follower, token));
            await schedule.WaitForMoreAcknowledgementsAsync(token);
        }

        var midStream = new List<CrashTarget>();
        foreach (var follower in schedule.Followers.Skip(schedule.Quorum.Tolerated))
        {
            midStream.Add(await schedule.KillMemberAsync(follower, token));
        }

        await Task.Delay(LeaderKillDelay, schedule.Time, token);
        var crash = await schedule.CrashAsync(schedule.Leader, token);
        // Latest victim first: the first majority to come back is the one that lags most.
        foreach (var member in Enumerable.Reverse([.. lagging, .. midStream]))
        {
            await schedule.RestartMemberAsync(member, token);
        }

        return crash;
    }
}
