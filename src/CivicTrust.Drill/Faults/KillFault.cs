using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary><c>kill</c>: SIGKILL the target (the leader unless <c>--target follower</c>), the drill's first fault.</summary>
public sealed class KillFault : IDrillFault
{
    /// <inheritdoc/>
    public string Name => "kill";

    /// <inheritdoc/>
    public string Help => "SIGKILL the target";

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.None;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.OneMember;

    /// <inheritdoc/>
    public Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token) => schedule.CrashAsync(schedule.Target, token);
}
