using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// What the crash schedules share: they choose their own victims, kill and restart several members, and end with the
/// leader's kill, the moment the failover is measured from.
/// </summary>
public abstract class CrashScheduleFault : IDrillFault
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Help { get; }

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.Restarter;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.None;

    /// <inheritdoc/>
    public string CrashMoment => "crash (SIGKILL of the leader, last kill of the schedule)";

    /// <inheritdoc/>
    public virtual bool MayElectAnyMember(DrillTarget target) => false;

    /// <inheritdoc/>
    public abstract Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token);
}
