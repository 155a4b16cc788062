using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// What pause and partition share: the target lives through the fault, which is held for the fault's duration and
/// then ended (thawed, healed) whatever happens meanwhile; afterwards the target must rejoin as a follower of the
/// leader the others elected.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private static readonly TimeSpan RejoinLimit = TimeSpan.FromSeconds(10);

    // Cancelled the moment the fault starts to end: what may only happen while it is in force (probes) stops there.
    private readonly CancellationTokenSource _faultInForce = new();
    private HeldFault? _held;
    private Task? _faultEnded;

    // A fault in force on one member, and how to end it ("resumed" by SIGCONT, "healed" by removing the cut).
    private sealed record HeldFault(CrashTarget Target, string EndedVerb, Func<CrashTarget, CancellationToken, Task> EndAsync);

    // Starts the fault on the member, records crash_ts (the failover is measured from here) and schedules its end.
    private async Task<CrashRecord> HoldFaultAsync(
        ClusterStatusResponse member,
        string startedVerb,
        Func<CrashTarget, CancellationToken, Task> startAsync,
        string endedVerb,
        Func<CrashTarget, CancellationToken, Task> endAsync,
        CancellationToken token)
    {
        var target = new CrashTarget(member.NodeId, member.Pid, NodeOf(member).Endpoint);
        await startAsync(target, token);
        _held = new HeldFault(target, endedVerb, endAsync);
        _crash = new CrashRecord(target, member.Term, _time.GetUtcNow().ToUnixTimeMilliseconds());
        _scheduleSteps.Enqueue($"{_crash.CrashTs}: {startedVerb} {member.NodeId} (pid {member.Pid}, {member.Role}, term {member.Term}) for {_options.FaultDuration.TotalSeconds:0.#} s");
        _faultEnded = EndFaultLaterAsync();
        return _crash;
    }

    // Not cancellable: a frozen or cut-off node left behind would hang whatever talks to it next.
    private async Task EndFaultLaterAsync()
    {
        try
        {
            await Task.Delay(_options.FaultDuration, _time);
        }
        finally
        {
            await EndHeldFaultAsync();
        }
    }

    private async Task EndHeldFaultAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is not { } held)
        {
            return;
        }

        await _faultInForce.CancelAsync();
        try
        {
            await held.EndAsync(held.Target, CancellationToken.None);
            _scheduleSteps.Enqueue($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: {held.EndedVerb} {held.Target.NodeId}");
        }
        catch (CrashFailedException e)
        {
            _faultErrors.Enqueue($"Ending the fault on {held.Target.NodeId} failed ({held.EndedVerb}): {e.Message}");
        }
    }

    // After the fault: the member must step down and every member must agree on one leader: as a follower of it, or
    // (noted as a needless deposition) as a leader newly elected in a later term. Still leading in its old term, or
    // no agreement within the limit, fails the drill.
    private async Task WaitForHeldMemberToRejoinAsync(List<string> errors, CancellationToken token)
    {
        if (_faultEnded is null || _crash is null)
        {
            return;
        }

        await _faultEnded;
        var limit = _time.GetUtcNow() + RejoinLimit;
        ClusterStatusResponse? last = null;
        while (_time.GetUtcNow() < limit)
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
                        _scheduleSteps.Enqueue($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: {last.NodeId} follows {leader.NodeId} in term {last.Term}");
                        return;
                    }

                    // It leads again, elected in a later term: safe (the term proves a majority chose it), but a healthy
                    // leader was deposed for nothing. A finding for the report, not a failed gate.
                    if (leader.NodeId == last.NodeId && last.Term > _crash.Term)
                    {
                        _scheduleSteps.Enqueue($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: {last.NodeId} was elected leader again in term {last.Term} after the fault ended (needless deposition of the leader the others had elected)");
                        return;
                    }
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }

        errors.Add($"{_crash.Target.NodeId} did not rejoin as a follower within {RejoinLimit.TotalSeconds} s of the fault's end (last seen: {last?.Role ?? "unreachable"}, leader {last?.Leader ?? "none"}).");
    }
}
