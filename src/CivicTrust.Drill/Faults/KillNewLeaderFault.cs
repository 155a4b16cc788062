using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>kill-new-leader</c>: SIGKILL the leader, then each new leader as soon as it is elected, until too few members are
/// left for a majority (the last survivor of three, two of five). They must refuse writes; restarting the first victim
/// makes a majority again and must restore service.
/// </summary>
public sealed class KillNewLeaderFault : CrashScheduleFault
{
    /// <inheritdoc/>
    public override string Name => "kill-new-leader";

    /// <inheritdoc/>
    public override string Help => "kill each new leader until no majority is left, restart the first";

    /// <inheritdoc/>
    public override async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var first = await schedule.KillMemberAsync(schedule.Leader, token);
        var previous = schedule.Leader.NodeId;
        for (var killed = 1; ; killed++)
        {
            var next = await schedule.WaitForNextLeaderAsync(previous, token);
            if (killed == schedule.Quorum.Tolerated)
            {
                var crash = await schedule.CrashAsync(next, token);
                await ProbeSurvivorsAsync(schedule, token);
                await schedule.RestartMemberAsync(first, token);
                return crash;
            }

            await schedule.KillMemberAsync(next, token);
            previous = next.NodeId;
        }
    }

    // The members left without a majority: any success one returns is an acknowledgement nobody can keep. Each probe is
    // recorded like every drill document, so the in-flight tracker settles it whatever happened.
    private static async Task ProbeSurvivorsAsync(FaultSchedule schedule, CancellationToken token)
    {
        var survivors = schedule.MembersUp();
        for (var i = 0; i < survivors.Count; i++)
        {
            var survivor = survivors[i];
            var probe = DrillDocument.Create(schedule.RunId, i, "without-majority");
            await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
            try
            {
                var answer = await survivor.IssueAsync(probe, token);
                schedule.Note($"the survivor {survivor.Endpoint}, with no majority left, answered a write with {(int)answer.Status}");
                if (answer.IsSuccess)
                {
                    await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
                }
            }
            catch (NodeUnreachableException e)
            {
                schedule.Note($"the survivor {survivor.Endpoint}, with no majority left, did not answer a write: {e.Message}");
            }
        }
    }
}
