using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;

namespace CivicTrust.Drill.Faults;

/// <summary>Elections watched during a schedule: the next leader to kill, or a failover measured before the schedule ends.</summary>
public sealed partial class FaultSchedule
{
    /// <summary>
    /// A failover the schedule watched itself, because it goes on long after the kill (damaging a disk takes seconds):
    /// the time measured is then the election's, not the schedule's. <see langword="null"/> when the drill is to watch it.
    /// </summary>
    public FailoverObservation? FailoverDuringFault { get; private set; }

    /// <summary>
    /// The failover the drill judges: the one watched during the fault, or else the survivors watched until they agree
    /// on a leader in a higher term (after a follower's fault, on any leader). What went wrong goes to <paramref name="errors"/>.
    /// </summary>
    /// <returns>The new leader, or <see langword="null"/> when the survivors agreed on none by <paramref name="deadline"/>.</returns>
    public async Task<FailoverObservation?> ObserveFailoverAsync(CrashRecord crash, DateTimeOffset deadline, TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        // After kill-all every member is back and any of them may lead again; a follower's fault leaves the leader in
        // place; a fault that took no member away leaves every member (the leader it began with is crash_ts's target, and
        // stays); otherwise the leader that was hit is out, and so is any member the schedule left down.
        IReadOnlyList<INodeClient> survivors = AnyMemberMayLeadAgain || !Fault.TakesMemberAway ? _nodes : [.. MembersUp().Where(n => n.Endpoint != crash.Target.Endpoint)];
        var failover = FailoverDuringFault ?? await new FailoverObserver(Time).WaitForNewLeaderAsync(
            survivors, AnyMemberMayLeadAgain || LeaderStays ? null : crash.Target.NodeId, Options.FailoverPollInterval, deadline, token);
        if (failover is not null && FailoverDuringFault is null)
        {
            RecordLeader(failover);
        }

        if (failover is null)
        {
            errors.Add($"The survivors did not agree on a new leader within {timeout.TotalSeconds:0.#} s.");
        }
        else if (failover.Term <= crash.Term && !LeaderStays)
        {
            errors.Add($"The leader after the crash ({failover.LeaderId}) is in term {failover.Term}, not above the killed leader's {crash.Term}: no election happened.");
        }
        else if (!Fault.TakesMemberAway && failover.LeaderId != crash.Target.NodeId)
        {
            // Safe (a term only moves on by a majority's vote), but nothing the fault did calls for an election.
            Note($"{failover.AgreedAtUnixMs}: {failover.LeaderId} leads in term {failover.Term}, not {crash.Target.NodeId} (term {crash.Term}) as before the fault: an election no member's loss called for");
        }

        return failover;
    }

    /// <summary>Watches the survivors of <paramref name="crash"/> agree on a leader other than the victim (any leader after a follower's), and keeps it as <see cref="FailoverDuringFault"/>.</summary>
    public async Task WatchFailoverAsync(CrashRecord crash, CancellationToken token)
    {
        FailoverDuringFault = await new FailoverObserver(Time).WaitForNewLeaderAsync(
            [.. MembersUp().Where(n => n.Endpoint != crash.Target.Endpoint)], TargetsFollower ? null : crash.Target.NodeId, Options.FailoverPollInterval, Time.GetUtcNow() + Timeout, token);
        if (FailoverDuringFault is { } failover)
        {
            RecordLeader(failover);
        }
    }

    /// <summary>Waits until the members up agree on a leader other than <paramref name="previousLeaderId"/>, and notes it.</summary>
    /// <returns>The new leader's status.</returns>
    /// <exception cref="TimeoutException">No new leader within <see cref="Timeout"/>.</exception>
    public async Task<ClusterStatusResponse> WaitForNextLeaderAsync(string previousLeaderId, CancellationToken token)
    {
        var next = await new FailoverObserver(Time).WaitForNewLeaderAsync(
            MembersUp(), previousLeaderId, Options.FailoverPollInterval, Time.GetUtcNow() + Timeout, token)
            ?? throw new TimeoutException($"No new leader within {Timeout.TotalSeconds:0.#} s of killing {previousLeaderId}; there is no next leader to kill.");
        RecordLeader(next);
        Note($"{next.AgreedAtUnixMs}: {next.LeaderId} elected in term {next.Term}");
        return await next.LeaderNode.GetStatusAsync(token);
    }
}
