using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Crash;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for <see cref="DrillFault.Pause"/>: the target is frozen (SIGSTOP) for the fault's duration and thawed
/// (SIGCONT) whatever happens meanwhile; a hung process keeps its sockets open and answers nothing.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private Task<CrashRecord> PauseTargetAsync(ClusterStatusResponse member, CancellationToken token) =>
        HoldFaultAsync(member, "paused", _pauser.PauseAsync, "resumed", _pauser.ResumeAsync, token);
}
