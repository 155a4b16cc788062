using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>power-loss</c>: the target members (<see cref="DrillOptions.Target"/>: leader, follower, majority or all) lose
/// power, the leader last when it is among them; each dies and its disk keeps only what it had synced (how is the
/// power-loss command's business, e.g. <c>scripts/local-cluster.sh power-cut</c>); then all are started again at once
/// on those disks. The proof is the one every drill makes: nothing acknowledged missing on any member.
/// </summary>
public sealed class PowerLossFault : IDrillFault
{
    /// <inheritdoc/>
    public string Name => "power-loss";

    /// <inheritdoc/>
    public string Help => "cut the target's power with --power-loss-command (its disk keeps only what it synced), restart it";

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.Restarter | FaultNeeds.PowerCutter;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.Several;

    /// <inheritdoc/>
    public string CrashMoment => "crash (power cut of the target, the leader last)";

    /// <inheritdoc/>
    public bool MayElectAnyMember(DrillTarget target) => target is DrillTarget.Majority or DrillTarget.All;

    /// <inheritdoc/>
    public string Method(FaultInjectors injectors, DrillOptions options) => $"power cut by {injectors.PowerCutter?.Description}";

    /// <inheritdoc/>
    public async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var cutter = schedule.Injectors.PowerCutter ?? throw new InvalidOperationException("A power-loss drill needs a power cutter.");
        IReadOnlyList<ClusterStatusResponse> others = schedule.Options.Target switch
        {
            DrillTarget.Majority => [.. schedule.Followers.Take(schedule.Quorum.Majority - 1)],
            DrillTarget.All => schedule.Followers,
            _ => [],
        };
        var victims = new List<CrashTarget>();
        foreach (var follower in others)
        {
            victims.Add(await schedule.KillMemberAsync(follower, token, cutter));
        }

        var crash = await schedule.CrashAsync(schedule.Target, token, cutter);
        victims.Add(crash.Target);
        schedule.Note(string.Create(CultureInfo.InvariantCulture, $"{schedule.Now()}: power cut on {string.Join(", ", victims.Select(v => v.NodeId))}"));
        if (victims.Count == 1)
        {
            await schedule.WatchFailoverAsync(crash, token);
        }

        // All come back at once, as kill-all's do: one after another, each mounting its disk and waited for until it
        // answered, a majority of five took the new leader to 10.2 s once (bound 10 s).
        await Task.WhenAll(victims.Select(victim => schedule.RestartMemberAsync(victim, token)));
        return crash;
    }
}
