using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary><c>kill-all</c>: SIGKILL every member under load, the leader last, and restart them all on their data directories.</summary>
public sealed class KillAllFault : CrashScheduleFault
{
    /// <inheritdoc/>
    public override string Name => "kill-all";

    /// <inheritdoc/>
    public override string Help => "kill and restart every member";

    /// <inheritdoc/>
    public override bool MayElectAnyMember(DrillTarget target) => true;

    /// <inheritdoc/>
    public override async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var victims = new List<CrashTarget>();
        foreach (var follower in schedule.Followers)
        {
            victims.Add(await schedule.KillMemberAsync(follower, token));
        }

        var crash = await schedule.CrashAsync(schedule.Leader, token);
        victims.Add(crash.Target);
        // All come back at once, as machines do after an outage of the whole site. One after another, each waited for
        // until it answered, took 6-9 s of the 10 s failover limit on a loaded 2-core machine before the first
        // election could even start (and once 12 s in CI).
        await Task.WhenAll(victims.Select(member => schedule.RestartMemberAsync(member, token)));
        return crash;
    }
}
