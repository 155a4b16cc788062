using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class StoredReportCheckTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
    private static readonly string C = new('c', 64);
    private const string RunId = "20261207000000abcdef";
    private static readonly string Fresh = DrillDocument.Fresh(RunId).Hash;
    private const string Leader = "http://127.0.0.1:5101/";

    private static DrillOperation Created(string hash, long start) =>
        new("issue", Leader, hash, 1, start, start + 5, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed);

    private static DrillOperation Read(string hash, long start, string state) =>
        new("read", Leader, hash, 1, start, start + 2, OperationOutcomes.Ok, 200, state);

    // Two members that both hold A and B as issue entries, read after the history ended.
    private static MemberLog Member(string node, params string[] hashes) => new(
        node, 10_000,
        [.. hashes.Select((h, i) => new LogEntryResponse(i + 1, 1, h, LogEntryKindNames.Issue))],
        new RawLogResponse(1, [.. hashes.Select((h, i) => new RawLogEntryResponse(i + 1, 1, h, LogEntryKindNames.Issue, LogEntryEffectNames.Issued))]));

    private static readonly MemberLog[] BothMembers = [Member("node-a", A, B, Fresh), Member("node-b", A, B, Fresh)];

    // Two documents of the load, a read, and the fresh document the new leader committed.
    private static readonly DrillOperation[] Clean = [Created(A, 0), Created(B, 10), Read(A, 20, DocumentStatusNames.Committed), Created(Fresh, 25)];

    // The report as a passing run stores it: every criterion the check recomputes, and one it cannot.
    private static readonly DrillCriterion[] StoredPassing =
    [
        new(DrillCriteria.NewLeaderElected, "a new leader", "300 ms (node-b)", "<= 10000 ms", true),
        new(DrillCriteria.NoDuplicates, "d", "0", "0", true),
        new(DrillCriteria.NoDivergence, "d", "0", "0", true),
        new(DrillCriteria.NoLostAcknowledged, "d", "0", "0", true),
        new(DrillCriteria.Linearizable, "d", "0", "0", true),
        new(DrillCriteria.InFlightResolved, "d", "0 pending", "0 pending", true),
        new(DrillCriteria.FreshIssuance, "d", "committed", "committed", true),
        new(DrillCriteria.ReportComplete, "d", "all timestamps present", "none missing", true),
    ];

    // A history saved before fault events were kept: the criteria that need them are taken as stored.
    private static IReadOnlyList<RecheckedCriterion> Check(
        IReadOnlyList<DrillCriterion> stored, IReadOnlyList<DrillOperation> operations, IReadOnlyList<MemberLog> logs, long? recoveryTs = 3_000) =>
        StoredReportCheck.Check(new StoredReport(RunId, 2, stored, 1_000, 2_000, recoveryTs), new SavedHistory(operations, []), logs);

    private static IEnumerable<string> Failed(IReadOnlyList<RecheckedCriterion> rechecked) => rechecked.Where(c => !c.Passed).Select(c => c.Id);

    [Fact]
    public void A_clean_run_passes_again_and_agrees_with_its_report()
    {
        var rechecked = Check(StoredPassing, Clean, BothMembers);

        Assert.Empty(Failed(rechecked));
        Assert.All(rechecked, c => Assert.True(c.Agrees, c.Id));
        Assert.Null(rechecked.Single(c => c.Id == DrillCriteria.NewLeaderElected).Recomputed);
        Assert.Equal(
            [DrillCriteria.NoDuplicates, DrillCriteria.NoDivergence, DrillCriteria.NoLostAcknowledged, DrillCriteria.Linearizable,
                DrillCriteria.InFlightResolved, DrillCriteria.FreshIssuance, DrillCriteria.ReportComplete],
            rechecked.Where(c => c.Recomputed is not null).Select(c => c.Id));
    }

    [Fact]
    public void A_revocation_in_the_history_is_judged_again_and_a_probe_the_history_shows_accepted_fails_it()
    {
        var key = new string('1', 64);
        string[] nodes = ["http://127.0.0.1:5101", "http://127.0.0.1:5102"];
        FaultEvent[] faults =
        [
            new(FaultActions.RevokeKey, Leader, "node-a", null, 100, 110, FaultEvent.Ok, Crash: true, StartSeq: 100, EndSeq: 110, Key: key, Index: 9),
            new(FaultActions.Leader, Leader, "node-a", null, 150, 150, FaultEvent.Ok, Detail: "term 1", StartSeq: 150, EndSeq: 150),
            .. nodes.Select(n => new FaultEvent(FaultActions.KeyListed, n + "/", null, null, 500, 501, FaultEvent.Ok, Detail: IssuerKeyStateNames.Revoked, StartSeq: 500, EndSeq: 501, Key: key, Index: 9)),
        ];
        DrillOperation Probe(string node, int status) => new("issue", node + "/", C, 1, 120, 125, OperationOutcomes.Refused, status, null, 120, 125, Key: key);
        DrillCriterion[] stored = [.. StoredPassing, new(DrillCriteria.NoWriteAfterRevocation, "d", "0 violations", "0 violations", true)];
        var report = new StoredReport(RunId, 2, stored, 110, 150, 3_000) { Nodes = nodes, Fault = "key-compromise", OldLeaderId = "node-a" };

        var refused = StoredReportCheck.Check(report, new SavedHistory([.. Clean, Probe(nodes[0], 401), Probe(nodes[1], 403)], faults), BothMembers);
        var accepted = StoredReportCheck.Check(report, new SavedHistory([.. Clean, Probe(nodes[0], 401), Probe(nodes[1], 400)], faults), BothMembers);

        Assert.True(refused.Single(c => c.Id == DrillCriteria.NoWriteAfterRevocation).Recomputed!.Passed);
        Assert.Equal("40 ms (node-a, the leader before the fault, kept)", refused.Single(c => c.Id == DrillCriteria.NewLeaderElected).Recomputed!.Measured);
        Assert.Contains(DrillCriteria.NoWriteAfterRevocation, Failed(accepted));
        Assert.Contains("http://127.0.0.1:5102 did not refuse probe", accepted.Single(c => c.Id == DrillCriteria.NoWriteAfterRevocation).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_of_aborted_after_an_acknowledged_201_fails_linearizable_and_only_it()
    {
        var rechecked = Check(StoredPassing, [.. Clean, Read(A, 30, DocumentStatusNames.Aborted)], BothMembers);

        Assert.Equal([DrillCriteria.Linearizable], Failed(rechecked));
        Assert.False(rechecked.Single(c => c.Id == DrillCriteria.Linearizable).Agrees);
    }

    [Fact]
    public void Two_201s_for_one_hash_fail_linearizable_and_only_it()
    {
        Assert.Equal([DrillCriteria.Linearizable], Failed(Check(StoredPassing, [.. Clean, Created(B, 40)], BothMembers)));
    }

    [Fact]
    public void A_committed_document_one_member_lacks_fails_no_lost_acknowledged_and_only_it()
    {
        var rechecked = Check(StoredPassing, Clean, [Member("node-a", A, Fresh, B), Member("node-b", A, Fresh)]);

        Assert.Equal([DrillCriteria.NoLostAcknowledged], Failed(rechecked));
        Assert.Contains("1 acknowledged", rechecked.Single(c => c.Id == DrillCriteria.NoLostAcknowledged).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_twice_in_a_members_log_fails_no_duplicates()
    {
        Assert.Contains(DrillCriteria.NoDuplicates, Failed(Check(StoredPassing, Clean, [Member("node-a", A, B, Fresh, A), Member("node-b", A, B, Fresh)])));
    }

    [Fact]
    public void Without_saved_logs_the_log_checks_are_taken_as_stored_and_the_history_is_judged_alone()
    {
        var rechecked = Check(StoredPassing, [.. Clean, Read(A, 30, DocumentStatusNames.Aborted)], []);

        Assert.Equal(
            [DrillCriteria.Linearizable, DrillCriteria.FreshIssuance, DrillCriteria.ReportComplete],
            rechecked.Where(c => c.Recomputed is not null).Select(c => c.Id));
        Assert.Equal([DrillCriteria.Linearizable], Failed(rechecked));
    }

    [Fact]
    public void A_document_sent_that_no_log_decides_fails_inflight_resolved_and_only_it()
    {
        DrillOperation unanswered = new("issue", Leader, C, 1, 15, 2_015, OperationOutcomes.Timeout, null, null);

        var rechecked = Check(StoredPassing, [.. Clean, unanswered], BothMembers);

        Assert.Equal([DrillCriteria.InFlightResolved], Failed(rechecked));
        Assert.Contains("1 undecided", rechecked.Single(c => c.Id == DrillCriteria.InFlightResolved).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_sent_and_aborted_in_the_logs_is_decided()
    {
        DrillOperation fenced = new("abort", Leader, C, 1, 15, 20, OperationOutcomes.Ok, 200, DocumentStatusNames.Aborted);
        MemberLog WithAbort(string node) => Member(node, A, B, Fresh) with
        {
            Log = [.. Member(node, A, B, Fresh).Log, new LogEntryResponse(4, 1, C, LogEntryKindNames.Abort)],
        };

        var rechecked = Check(StoredPassing, [.. Clean, fenced], [WithAbort("node-a"), WithAbort("node-b")]);

        Assert.DoesNotContain(DrillCriteria.InFlightResolved, Failed(rechecked));
        Assert.Contains("1 aborted", rechecked.Single(c => c.Id == DrillCriteria.InFlightResolved).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_fresh_document_was_never_answered_committed_fails_fresh_issuance_and_only_it()
    {
        // Refused, then fenced by the drill like any document still undecided: decided, but not committed.
        DrillOperation refused = new("issue", Leader, Fresh, 1, 25, 30, OperationOutcomes.Unavailable, 503, null);
        DrillOperation fenced = new("abort", Leader, Fresh, 1, 40, 45, OperationOutcomes.Ok, 200, DocumentStatusNames.Aborted);
        MemberLog WithFreshAborted(string node) => Member(node, A, B) with
        {
            Log = [.. Member(node, A, B).Log, new LogEntryResponse(3, 1, Fresh, LogEntryKindNames.Abort)],
        };

        var rechecked = Check(StoredPassing, [.. Clean[..3], refused, fenced], [WithFreshAborted("node-a"), WithFreshAborted("node-b")]);

        Assert.Equal([DrillCriteria.FreshIssuance], Failed(rechecked));
        Assert.False(rechecked.Single(c => c.Id == DrillCriteria.FreshIssuance).Agrees);
    }

    [Fact]
    public void A_report_without_its_recovery_timestamp_fails_report_complete_and_only_it()
    {
        var rechecked = Check(StoredPassing, Clean, BothMembers, recoveryTs: null);

        Assert.Equal([DrillCriteria.ReportComplete], Failed(rechecked));
        Assert.Contains("recovery_ts", rechecked.Single(c => c.Id == DrillCriteria.ReportComplete).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_criterion_the_report_failed_stays_failed_when_it_cannot_be_recomputed()
    {
        DrillCriterion[] stored = [StoredPassing[0] with { Passed = false }, .. StoredPassing[1..]];

        Assert.Equal([DrillCriteria.NewLeaderElected], Failed(Check(stored, Clean, BothMembers)));
    }

    [Fact]
    public void A_recomputed_criterion_the_report_predates_is_listed_without_a_stored_verdict()
    {
        var rechecked = Check(StoredPassing[..4], Clean, BothMembers);

        var linearizable = rechecked.Single(c => c.Id == DrillCriteria.Linearizable);
        Assert.Null(linearizable.Stored);
        Assert.True(linearizable.Passed);
        Assert.True(linearizable.Agrees);
    }

    [Fact]
    public void A_history_whose_acknowledgements_never_came_back_fails_throughput_recovered_and_only_it()
    {
        // 600 load documents at 100/s; the fault at 2,000 ms; every document sent after it went unanswered, though
        // each was decided in the end (the drill's fence), so only the clients' throughput is wrong.
        var load = Enumerable.Range(0, 600).Select(i => DrillDocument.Create(RunId, i, "load").Hash).ToArray();
        DrillOperation[] operations =
        [
            .. load.Select((h, i) => i * 10L < 2_000
                ? Created(h, i * 10L)
                : new DrillOperation("issue", Leader, h, 1, i * 10L, i * 10L + 2_000, OperationOutcomes.Timeout, null, null)),
            Created(Fresh, 2_500),
        ];
        MemberLog[] logs = [Member("node-a", [.. load, Fresh]), Member("node-b", [.. load, Fresh])];
        var report = new StoredReport(RunId, 2, StoredPassing, 2_000, 2_300, 2_600) { StartedTs = 0, DocumentsSubmitted = 600, DocumentsPerSecond = 100 };

        var rechecked = StoredReportCheck.Check(report, new SavedHistory(operations, []), logs);

        Assert.Equal([DrillCriteria.ThroughputRecovered], Failed(rechecked));
        Assert.Contains("not back to half", rechecked.Single(c => c.Id == DrillCriteria.ThroughputRecovered).Recomputed!.Measured, StringComparison.Ordinal);
        // The same run, its acknowledgements back 300 ms after the failover: recomputed, and it holds.
        var recovered = operations.Select(o => o.Outcome == OperationOutcomes.Timeout
            ? o with { EndMs = Math.Max(o.StartMs, 2_600) + 5, Outcome = OperationOutcomes.Ok, Status = 201, DocumentStatus = DocumentStatusNames.Committed }
            : o).ToArray();
        Assert.Empty(Failed(StoredReportCheck.Check(report, new SavedHistory(recovered, []), logs)));
    }
}
