using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Faults;

/// <summary>Kills: any member's, and the one <c>crash_ts</c> is taken from.</summary>
public sealed partial class FaultSchedule
{
    /// <summary>Kills <paramref name="member"/> and records the kill as <c>crash_ts</c>, the moment the failover is measured from.</summary>
    /// <param name="member">The member to kill, as its status described it.</param>
    /// <param name="token">Cancels the kill.</param>
    /// <param name="injector">Kills it; the crash injector when <see langword="null"/> (power-loss passes its power cutter).</param>
    public async Task<CrashRecord> CrashAsync(ClusterStatusResponse member, CancellationToken token, ICrashInjector? injector = null)
    {
        var (target, killedAt) = await KillAsync(member, injector, crash: true, token);
        return Crashed(target, member.Term, killedAt);
    }

    /// <summary>Finds the leader and kills it, whatever the fault: the plain node-crash drill, step by step.</summary>
    /// <exception cref="TimeoutException">The nodes did not agree on a leader within 10 s.</exception>
    /// <exception cref="CrashFailedException">The crash injector could not kill it.</exception>
    public async Task<CrashRecord> KillLeaderAsync(CancellationToken token)
    {
        await BeginAsync(1, TimeSpan.FromSeconds(10), token);
        return await CrashAsync(Leader, token);
    }

    /// <summary>Kills <paramref name="member"/> and notes it down, without marking <c>crash_ts</c> (a schedule's earlier kills).</summary>
    public async Task<CrashTarget> KillMemberAsync(ClusterStatusResponse member, CancellationToken token, ICrashInjector? injector = null) =>
        (await KillAsync(member, injector, crash: false, token)).Target;

    private async Task<(CrashTarget Target, long KilledAt)> KillAsync(ClusterStatusResponse member, ICrashInjector? injector, bool crash, CancellationToken token)
    {
        var node = NodeOf(member);
        try
        {
            // For the report: where this member stood the moment it died, not when the schedule began.
            member = await node.GetStatusAsync(token) is { } now && now.Pid == member.Pid ? now : member;
        }
        catch (NodeUnreachableException)
        {
        }

        var target = new CrashTarget(member.NodeId, member.Pid, node.Endpoint);
        // Both ends of the kill go in the report: a command-template injector (ssh, kubectl) can take seconds, and
        // crash_ts is when it returned, not when it was asked for.
        var killer = injector ?? Injectors.Crash;
        var action = killer == Injectors.PowerCutter ? FaultActions.PowerCut : FaultActions.Kill;
        var killed = await ActAsync(action, target, killer.Description, () => killer.CrashAsync(target, token), crash: crash);
        var (requested, returned) = (killed.StartMs, killed.EndMs);
        lock (_down)
        {
            _down[node.Endpoint] = target;
        }

        Note($"{returned}: killed {member.NodeId} (pid {member.Pid}, {member.Role}, term {member.Term}, applied {member.LastApplied}); kill started at {requested}, returned after {returned - requested} ms");
        return (target, returned);
    }

    // crash_ts: set once per run, by whichever move the failover is measured from.
    private CrashRecord Crashed(CrashTarget target, long term, long at)
    {
        var crash = new CrashRecord(target, term, at);
        return Interlocked.CompareExchange(ref _crash, crash, null) is null
            ? crash
            : throw new InvalidOperationException($"The fault already hit {_crash!.Target.NodeId} in this drill.");
    }
}
