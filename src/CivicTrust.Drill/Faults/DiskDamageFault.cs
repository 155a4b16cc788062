using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// What disk-corruption and disk-loss share: SIGKILL the target, damage its disk at rest, restart it. It must find the
/// damage, serve none of it, and be repaired from its peers.
/// </summary>
public abstract class DiskDamageFault : IDrillFault
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Help { get; }

    /// <inheritdoc/>
    public virtual FaultNeeds Needs => FaultNeeds.Restarter | FaultNeeds.Damager;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.OneMember;

    /// <summary>What the fault damages under <paramref name="options"/>.</summary>
    public abstract DiskArea DamagedArea(DrillOptions options);

    /// <inheritdoc/>
    public string Method(FaultInjectors injectors, DrillOptions options) =>
        $"{injectors.Crash.Description}, then its {DamagedArea(options).Name()} damaged by {injectors.Damager?.Description}";

    /// <inheritdoc/>
    public Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token) =>
        schedule.DamageDiskAsync(schedule.Target, DamagedArea(schedule.Options), token);
}
