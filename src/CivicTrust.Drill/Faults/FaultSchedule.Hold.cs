using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// Faults the target lives through (pause, partition): held for the fault's duration and then ended (thawed, healed)
/// whatever happens meanwhile; afterwards the target must rejoin as a follower of the leader the others elected.
/// </summary>
public sealed partial class FaultSchedule : IDisposable
{
    private static readonly TimeSpan RejoinLimit = TimeSpan.FromSeconds(10);

    // Cancelled the moment the fault starts to end: what may only happen while it is in force (probes) stops there.
    private readonly CancellationTokenSource _inForce = new();
    private readonly List<Task> _whileInForce = [];
    private HeldFault? _held;
    private Task? _faultEnded;

    // A fault in force on one member, and how to end it (resume by SIGCONT, heal by removing the cut).
    private sealed record HeldFault(CrashTarget Target, string EndAction, string How, Func<CrashTarget, CancellationToken, Task> EndAsync);

    /// <summary>Cancelled the moment the held fault starts to end.</summary>
    public CancellationToken InForce => _inForce.Token;

    /// <summary>
    /// Starts a fault on <paramref name="member"/>, records <c>crash_ts</c> (the failover is measured from here) and
    /// schedules its end after <see cref="Drill.DrillOptions.FaultDuration"/>.
    /// </summary>
    /// <param name="member">The member to hold the fault on.</param>
    /// <param name="startAction">What starts it (<see cref="FaultActions.Pause"/>, <see cref="FaultActions.Cut"/>).</param>
    /// <param name="startAsync">Starts it.</param>
    /// <param name="endAction">What ends it (<see cref="FaultActions.Resume"/>, <see cref="FaultActions.Heal"/>).</param>
    /// <param name="endAsync">Ends it; never cancelled.</param>
    /// <param name="how">The injector, for the history.</param>
    /// <param name="token">Cancels the start.</param>
    public async Task<CrashRecord> HoldAsync(
        ClusterStatusResponse member,
        string startAction,
        Func<CrashTarget, CancellationToken, Task> startAsync,
        string endAction,
        Func<CrashTarget, CancellationToken, Task> endAsync,
        string how,
        CancellationToken token)
    {
        var target = new CrashTarget(member.NodeId, member.Pid, NodeOf(member).Endpoint);
        var started = await ActAsync(startAction, target, how, () => startAsync(target, token), crash: true);
        _held = new HeldFault(target, endAction, how, endAsync);
        var crash = Crashed(target, member.Term, started.EndMs);
        Note($"{crash.CrashTs}: {Verb(startAction)} {member.NodeId} (pid {member.Pid}, {member.Role}, term {member.Term}) for {Options.FaultDuration.TotalSeconds:0.#} s");
        _faultEnded = EndLaterAsync();
        return crash;
    }

    /// <summary>Runs <paramref name="work"/> while the fault is in force; the drill waits for it before verifying.</summary>
    public void WhileInForce(Func<CancellationToken, Task> work) => _whileInForce.Add(work(_inForce.Token));

    /// <summary>Ends the held fault now, if one is in force. Never cancelled: a frozen or cut-off node left behind would hang whatever talks to it next.</summary>
    public async Task EndHeldFaultAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is not { } held)
        {
            return;
        }

        await _inForce.CancelAsync();
        try
        {
            await ActAsync(held.EndAction, held.Target, held.How, () => held.EndAsync(held.Target, CancellationToken.None));
            Note($"{Now()}: {Verb(held.EndAction)} {held.Target.NodeId}");
        }
        catch (CrashFailedException e)
        {
            Error($"Ending the fault on {held.Target.NodeId} failed ({Verb(held.EndAction)}): {e.Message}");
        }
    }

    /// <summary>
    /// After a held fault: waits for what ran while it was in force, then for the member to step down and every member to
    /// agree on one leader: as a follower of it, or (noted as a needless deposition) as a leader newly elected in a
    /// later term. Still leading in its old term, or no agreement within the limit, is an error.
    /// </summary>
    private async Task WaitForHeldMemberToRejoinAsync(List<string> errors, CancellationToken token)
    {
        if (_faultEnded is null || _crash is null)
        {
            return;
        }

        await _faultEnded;
        await Task.WhenAll(_whileInForce);
        var limit = Time.GetUtcNow() + RejoinLimit;
        ClusterStatusResponse? last = null;
        while (Time.GetUtcNow() < limit)
        {
            try
            {
                var statuses = await Task.WhenAll(_nodes.Select(n => n.GetStatusAsync(token)));
                last = statuses.First(st => st.NodeId == _crash.Target.NodeId);
                var leaders = statuses.Where(s => s.Role == ClusterRoleNames.Leader).ToList();
                if (leaders is [var leader] && statuses.All(st => string.Equals(st.Leader, leader.Leader, StringComparison.Ordinal)))
                {
                    if (last.Role == ClusterRoleNames.Follower)
                    {
                        Note($"{Now()}: {last.NodeId} follows {leader.NodeId} in term {last.Term}");
                        return;
                    }

                    // It leads again, elected in a later term: safe (the term proves a majority chose it), but a healthy
                    // leader was deposed for nothing. A finding for the report, not a failed gate.
                    if (leader.NodeId == last.NodeId && last.Term > _crash.Term)
                    {
                        Note($"{Now()}: {last.NodeId} was elected leader again in term {last.Term} after the fault ended (needless deposition of the leader the others had elected)");
                        return;
                    }
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Time, token);
        }

        errors.Add($"{_crash.Target.NodeId} did not rejoin as a follower within {RejoinLimit.TotalSeconds} s of the fault's end (last seen: {last?.Role ?? "unreachable"}, leader {last?.Leader ?? "none"}).");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // A frozen or cut-off node must never outlive the drill that froze it or cut it off.
        EndHeldFaultAsync().GetAwaiter().GetResult();
        _inForce.Dispose();
    }

    // The notes read as sentences ("paused node-a", "healed node-a").
    private static string Verb(string action) => action switch
    {
        FaultActions.Pause => "paused",
        FaultActions.Resume => "resumed",
        FaultActions.Cut => "cut off",
        FaultActions.Heal => "healed",
        _ => action,
    };

    // Not cancellable, for the same reason as the end itself.
    private async Task EndLaterAsync()
    {
        try
        {
            await Task.Delay(Options.FaultDuration, Time);
        }
        finally
        {
            await EndHeldFaultAsync();
        }
    }
}
