using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for <see cref="DrillFault.Pause"/>: the target is frozen (SIGSTOP) for the fault's duration and thawed
/// (SIGCONT) whatever happens meanwhile, then must rejoin as a follower of the leader the others elected.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private static readonly TimeSpan RejoinLimit = TimeSpan.FromSeconds(10);
    private CrashTarget? _paused;
    private Task? _resumption;

    private async Task<CrashRecord> PauseTargetAsync(ClusterStatusResponse member, CancellationToken token)
    {
        var target = new CrashTarget(member.NodeId, member.Pid, NodeOf(member).Endpoint);
        await _pauser.PauseAsync(target, token);
        _paused = target;
        _crash = new CrashRecord(target, member.Term, _time.GetUtcNow().ToUnixTimeMilliseconds());
        _scheduleSteps.Add($"{_crash.CrashTs}: paused {member.NodeId} (pid {member.Pid}, {member.Role}, term {member.Term}) for {_options.FaultDuration.TotalSeconds:0.#} s");
        _resumption = ResumeLaterAsync(target);
        return _crash;
    }

    // Not cancellable: a frozen process left behind would hang whatever talks to it next.
    private async Task ResumeLaterAsync(CrashTarget target)
    {
        try
        {
            await Task.Delay(_options.FaultDuration, _time);
        }
        finally
        {
            await ResumeAsync(target);
        }
    }

    private async Task ResumeAsync(CrashTarget target)
    {
        if (Interlocked.Exchange(ref _paused, null) is null)
        {
            return;
        }

        try
        {
            await _pauser.ResumeAsync(target, CancellationToken.None);
            _scheduleSteps.Add($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: resumed {target.NodeId}");
        }
        catch (CrashFailedException e)
        {
            _faultErrors.Add($"Resuming {target.NodeId} failed: {e.Message}");
        }
    }

    // After the pause: the thawed member must step down and the three must agree on one leader: as a follower of it,
    // or (noted as a needless deposition) as a leader newly elected in a later term. Still leading in its old term,
    // or no agreement within the limit, fails the drill.
    private async Task WaitForPausedMemberToRejoinAsync(List<string> errors, CancellationToken token)
    {
        if (_resumption is null || _crash is null)
        {
            return;
        }

        await _resumption;
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
                        _scheduleSteps.Add($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: {last.NodeId} follows {leader.NodeId} in term {last.Term}");
                        return;
                    }

                    // It leads again, elected in a later term: safe (the term proves a majority chose it), but a healthy
                    // leader was deposed for nothing. A finding for the report, not a failed gate.
                    if (leader.NodeId == last.NodeId && last.Term > _crash.Term)
                    {
                        _scheduleSteps.Add($"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: {last.NodeId} was elected leader again in term {last.Term} after its resumption (needless deposition of the leader the others had elected)");
                        return;
                    }
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }

        errors.Add($"{_crash.Target.NodeId} did not rejoin as a follower within {RejoinLimit.TotalSeconds} s of its resumption (last seen: {last?.Role ?? "unreachable"}, leader {last?.Leader ?? "none"}).");
    }
}
