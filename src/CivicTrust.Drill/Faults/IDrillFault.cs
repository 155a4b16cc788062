using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// One fault the drill can inject (<c>--fault</c>): its name, what it needs, and its schedule. The command line's
/// validation and help, the AppHost's drill dialog and the report read these, so a new fault is one file here and
/// one line in <see cref="DrillFaults"/>.
/// </summary>
public interface IDrillFault
{
    /// <summary>The command-line name (<c>--fault</c>), also the report's <c>fault</c>.</summary>
    string Name { get; }

    /// <summary>What the fault does, one clause for the usage text.</summary>
    string Help { get; }

    /// <summary>The injectors the fault uses beyond the crash injector, and the options it takes.</summary>
    FaultNeeds Needs { get; }

    /// <summary>Which members <c>--target</c> may name.</summary>
    FaultTargets Targets { get; }

    /// <summary>Whether the target lives through the fault and is given back afterwards (frozen, cut off), so it is never restarted.</summary>
    bool TargetLives => false;

    /// <summary>
    /// Whether the fault takes a member away (kills, freezes or cuts it off). One that takes none (an issuer key revoked)
    /// expects the leader it began with to lead on: no election is watched for, and none is called for.
    /// </summary>
    bool TakesMemberAway => true;

    /// <summary>What <c>crash_ts</c> marks for this fault, for the report's timeline.</summary>
    string CrashMoment => "crash (SIGKILL of the target)";

    /// <summary>Whether any member, the one hit included, may lead after the fault (every member was down and came back).</summary>
    bool MayElectAnyMember(DrillTarget target) => false;

    /// <summary>How the fault is injected with <paramref name="injectors"/>, for the report (e.g. "SIGKILL by pid").</summary>
    string Method(FaultInjectors injectors, DrillOptions options) => injectors.Crash.Description;

    /// <summary>
    /// Readies the cluster before the load sends its first document (an issuer key for the load to write with); most
    /// faults need nothing.
    /// </summary>
    /// <exception cref="TimeoutException">The cluster did not get ready in time.</exception>
    /// <exception cref="CrashFailedException">A member refused what the fault asked of it.</exception>
    Task PrepareAsync(FaultSchedule schedule, CancellationToken token) => Task.CompletedTask;

    /// <summary>
    /// Runs the fault's schedule while issuance goes on; returns the kill (or freeze, or cut) the failover is measured
    /// from. Members that must form the next majority are restarted before it returns.
    /// </summary>
    /// <exception cref="TimeoutException">A restarted member never answered, or no next leader was elected.</exception>
    /// <exception cref="CrashFailedException">A kill, restart or other fault command failed.</exception>
    Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token);
}
