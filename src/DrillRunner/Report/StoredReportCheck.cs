using CivicTrust.DrillRunner.History;
using CivicTrust.DrillRunner.Verification;

namespace CivicTrust.DrillRunner.Report;

/// <summary>
/// <c>drill-runner check</c>'s judgement: every criterion that is a function of a run's history and its members'
/// final logs, judged again from the saved files, beside what the report says. A pure function, so a verdict can be
/// re-derived long after the cluster is gone, and a change to a checker can be tried on old runs.
/// </summary>
/// <remarks>
/// Recomputed: <c>no_duplicates</c>, <c>no_divergence</c>, <c>no_lost_acknowledged</c> (every hash any answer called
/// COMMITTED must be an issue entry in every member's log) and <c>linearizable</c>; without saved logs, only
/// <c>linearizable</c>, from the history alone. The others need the fault's own events (when the leader died, when a
/// new one was agreed), which the history does not hold yet: they are taken as stored.
/// </remarks>
public static class StoredReportCheck
{
    /// <summary>Judges <paramref name="history"/> and <paramref name="logs"/> again, criterion by criterion beside <paramref name="stored"/>.</summary>
    public static IReadOnlyList<RecheckedCriterion> Check(
        IReadOnlyList<DrillCriterion> stored, IReadOnlyList<DrillOperation> history, IReadOnlyList<MemberLog> logs)
    {
        var recomputed = Recompute(history, logs).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var rechecked = stored.Select(s => new RecheckedCriterion(s.Id, s, recomputed.GetValueOrDefault(s.Id))).ToList();
        rechecked.AddRange(recomputed.Values.Where(r => stored.All(s => s.Id != r.Id)).Select(r => new RecheckedCriterion(r.Id, null, r)));
        return rechecked;
    }

    private static IEnumerable<DrillCriterion> Recompute(IReadOnlyList<DrillOperation> history, IReadOnlyList<MemberLog> logs)
    {
        yield return DrillCriteria.Linearizability(LinearizabilityCheck.Check(history, logs));
        if (logs.Count == 0)
        {
            yield break;
        }

        var applied = logs.ToDictionary(l => l.NodeId, l => l.Log, StringComparer.Ordinal);
        var comparison = DuplicateDetector.Analyze(applied, logs.ToDictionary(l => l.NodeId, l => l.Raw, StringComparer.Ordinal));
        yield return DrillCriteria.Duplicates(comparison);
        yield return DrillCriteria.Divergence(comparison);
        yield return DrillCriteria.LostAcknowledged(AcknowledgedWriteCheck.FindLost(history, applied), logs.Count);
    }
}
