using CivicTrust.Drill.Faults;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill.Report;

/// <summary>
/// <c>drill-runner check</c>'s judgement: every criterion that is a function of a run's history and its members'
/// final logs, judged again from the saved files, beside what the report says. A pure function, so a verdict can be
/// re-derived long after the cluster is gone, and a change to a checker can be tried on old runs.
/// </summary>
/// <remarks>
/// Recomputed from the members' saved logs and the history: <c>no_duplicates</c>, <c>no_divergence</c>,
/// <c>no_lost_acknowledged</c> (every hash any answer called COMMITTED must be an issue entry in every member's log),
/// <c>inflight_resolved</c> (every document sent, in flight at the fault or not, is decided in the logs) and
/// <c>linearizable</c>; without saved logs, only <c>linearizable</c>, from the history alone. From the history:
/// <c>fresh_issuance</c> (the run's fresh document answered COMMITTED). From the history's fault events (runs since
/// they were kept): <c>no_stale_acknowledgement</c>, <c>new_leader_elected</c> (from the event <c>crash_ts</c> is
/// taken from to the first leader agreed on after it, against the report's own threshold; for a fault that took no
/// member away, said against the report's <c>old_leader_id</c>) and <c>no_write_after_revocation</c> (the revocation,
/// the operations' keys and indexes, and each member's listing after the load are all in the history). From the report's own
/// fields: <c>report_complete</c>. From the history with the report's pace and moments (reports since
/// <c>documents_per_second</c> was kept): <c>throughput_recovered</c>. Taken as stored: <c>no_errors</c> (the drill's
/// own account of what it could not do) and the repair of a damaged member (it asked the member, and the answer is not
/// in the history).
/// </remarks>
public static class StoredReportCheck
{
    /// <summary>Judges <paramref name="history"/> and <paramref name="logs"/> again, criterion by criterion beside <paramref name="report"/>'s.</summary>
    /// <param name="report">The saved report.</param>
    /// <param name="history">The saved history.</param>
    /// <param name="logs">The members' saved logs; empty when none were kept.</param>
    public static IReadOnlyList<RecheckedCriterion> Check(StoredReport report, SavedHistory history, IReadOnlyList<MemberLog> logs)
    {
        var stored = report.Criteria;
        var recomputed = Recompute(history.Operations, logs)
            .Concat(FromFaultEvents(stored, history, report))
            .Append(DrillCriteria.Fresh(FreshIssuanceCheck.CommittedAt(report.RunId, history.Operations, logs) is not null))
            .Append(DrillCriteria.Completeness(report.CrashTs, report.FailoverTs, report.RecoveryTs))
            .Concat(Throughput(report, history.Operations))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        var rechecked = stored.Select(s => new RecheckedCriterion(s.Id, s, recomputed.GetValueOrDefault(s.Id))).ToList();
        rechecked.AddRange(recomputed.Values.Where(r => stored.All(s => s.Id != r.Id)).Select(r => new RecheckedCriterion(r.Id, null, r)));
        return rechecked;
    }

    // Needs the load's pace and the moments it is judged from, which reports keep since documents_per_second.
    private static IEnumerable<DrillCriterion> Throughput(StoredReport report, IReadOnlyList<DrillOperation> history)
    {
        if (report is not { DocumentsPerSecond: { } pace, StartedTs: { } started })
        {
            yield break;
        }

        var timeline = new DrillTimeline(started, report.CrashTs, report.FailoverTs, report.RecoveryTs, report.RecoveryTs ?? started);
        var throughput = report.CrashTs is { } crash
            ? ThroughputRecovery.FromHistory(history, report.RunId, report.DocumentsSubmitted, started, crash, pace)
            : null;
        yield return DrillCriteria.Throughput(throughput, timeline, report.ScheduleEndedTs);
    }

    private static IEnumerable<DrillCriterion> FromFaultEvents(IReadOnlyList<DrillCriterion> stored, SavedHistory history, StoredReport report)
    {
        if (history.Faults.Count == 0)
        {
            yield break;
        }

        yield return DrillCriteria.StaleAcknowledgement(StaleAcknowledgementCheck.Find(history.Operations, history.Faults, report.Members));
        if (RevocationCheck.Check(history.Operations, history.Faults, report.Nodes) is { } revocation)
        {
            yield return DrillCriteria.Revocation(revocation);
        }

        var limit = stored.FirstOrDefault(c => c.Id == DrillCriteria.NewLeaderElected) is { } elected && DrillCriteria.FailoverLimitOf(elected) is { } fromReport
            ? fromReport
            : DrillOptions.Default.FailoverLimit;
        var crash = history.Faults.LastOrDefault(f => f.Crash);
        var leader = crash is null ? null : history.Faults.FirstOrDefault(f => f.Action == FaultActions.Leader && f.EndMs >= crash.EndMs);
        var leaderBefore = report.Fault is { } name && DrillFaults.TryParse(name, out var fault) && !fault.TakesMemberAway ? report.OldLeaderId : null;
        yield return DrillCriteria.LeaderElected(leader is null ? null : leader.EndMs - crash!.EndMs, leader?.NodeId, limit, leaderBefore);
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
        yield return DrillCriteria.Decided(DecisionCheck.Tally(history, logs), logs.Count);
    }
}
