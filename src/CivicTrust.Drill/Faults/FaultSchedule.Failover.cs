using CivicTrust.Contracts;
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
