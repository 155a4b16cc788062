using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>pause</c>: SIGSTOP the target for <see cref="DrillOptions.FaultDuration"/>, then SIGCONT: a hung process (GC pause,
/// frozen VM) keeps its sockets open and answers nothing, unlike a killed one.
/// </summary>
public sealed class PauseFault : IDrillFault
{
    /// <inheritdoc/>
    public string Name => "pause";

    /// <inheritdoc/>
    public string Help => "SIGSTOP the target for --fault-duration, then SIGCONT";

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.Pauser;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.OneMember;

    /// <inheritdoc/>
    public bool TargetLives => true;

    /// <inheritdoc/>
    public string CrashMoment => "crash (the target frozen: SIGSTOP)";

    /// <inheritdoc/>
    public string Method(FaultInjectors injectors, DrillOptions options) =>
        $"{Pauser(injectors).Description} for {options.FaultDuration.TotalSeconds:0.#} s";

    /// <inheritdoc/>
    public Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var pauser = Pauser(schedule.Injectors);
        return schedule.HoldAsync(schedule.Target, FaultActions.Pause, pauser.PauseAsync, FaultActions.Resume, pauser.ResumeAsync, pauser.Description, token);
    }

    // Local signals by pid unless a command was given: pausing needs nothing but the node's own process.
    private static INodePauser Pauser(FaultInjectors injectors) => injectors.Pauser ?? LocalPauser;

    private static readonly LocalSignalPauser LocalPauser = new();
}
