using System.Diagnostics;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;

namespace CivicTrust.Drill;

/// <summary>Phase <c>drill.failover</c>: from the fault until the survivors agree on a leader in a higher term.</summary>
public sealed partial class NodeCrashDrill
{
    private async Task<FailoverObservation?> ObserveFailoverAsync(CrashRecord crash, DateTimeOffset deadline, TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        using var phase = Trace.Enter("drill.failover");
        // After kill-all every member is back and any of them may lead again; a follower's fault leaves the leader in
        // place; otherwise the leader that was hit is out, and so is any member a schedule left down.
        var everyMemberKilled = _schedule.AnyMemberMayLeadAgain;
        IReadOnlyList<INodeClient> survivors = everyMemberKilled ? _nodes : [.. _schedule.MembersUp().Where(n => n.Endpoint != crash.Target.Endpoint)];
        var failover = _schedule.FailoverDuringFault ?? await new FailoverObserver(_time).WaitForNewLeaderAsync(
            survivors, everyMemberKilled || _schedule.TargetsFollower ? null : crash.Target.NodeId, _options.FailoverPollInterval, deadline, token);
        // The election happened on the new leader: link its raft.role_changed span, so the drill's trace leads to it.
        if (failover?.ElectionSpan is { } election && ActivityContext.TryParse(election, null, out var elected))
        {
            Trace.Phase("drill.failover")?.AddLink(new ActivityLink(elected));
        }

        if (failover is not null && _schedule.FailoverDuringFault is null)
        {
            _schedule.RecordLeader(failover);
        }

        if (failover is null)
        {
            errors.Add($"The survivors did not agree on a new leader within {timeout.TotalSeconds:0.#} s.");
        }
        else if (failover.Term <= crash.Term && !_schedule.TargetsFollower)
        {
            errors.Add($"The leader after the crash ({failover.LeaderId}) is in term {failover.Term}, not above the killed leader's {crash.Term}: no election happened.");
        }

        return failover;
    }
}
