using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class StoredReportCheckTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
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

    private static readonly MemberLog[] BothMembers = [Member("node-a", A, B), Member("node-b", A, B)];

    private static readonly DrillOperation[] Clean = [Created(A, 0), Created(B, 10), Read(A, 20, DocumentStatusNames.Committed)];

    // The report as a passing run stores it: every criterion the check recomputes, and one it cannot.
    private static readonly DrillCriterion[] StoredPassing =
    [
        new(DrillCriteria.NewLeaderElected, "a new leader", "300 ms (node-b)", "<= 10000 ms", true),
        new(DrillCriteria.NoDuplicates, "d", "0", "0", true),
        new(DrillCriteria.NoDivergence, "d", "0", "0", true),
        new(DrillCriteria.NoLostAcknowledged, "d", "0", "0", true),
        new(DrillCriteria.Linearizable, "d", "0", "0", true),
    ];

    // A history saved before fault events were kept: the criteria that need them are taken as stored.
    private static IReadOnlyList<RecheckedCriterion> Check(IReadOnlyList<DrillCriterion> stored, IReadOnlyList<DrillOperation> operations, IReadOnlyList<MemberLog> logs) =>
        StoredReportCheck.Check(stored, new SavedHistory(operations, []), logs, members: 2);

    private static IEnumerable<string> Failed(IReadOnlyList<RecheckedCriterion> rechecked) => rechecked.Where(c => !c.Passed).Select(c => c.Id);

    [Fact]
    public void A_clean_run_passes_again_and_agrees_with_its_report()
    {
        var rechecked = Check(StoredPassing, Clean, BothMembers);

        Assert.Empty(Failed(rechecked));
        Assert.All(rechecked, c => Assert.True(c.Agrees, c.Id));
        Assert.Null(rechecked.Single(c => c.Id == DrillCriteria.NewLeaderElected).Recomputed);
        Assert.Equal(
            [DrillCriteria.NoDuplicates, DrillCriteria.NoDivergence, DrillCriteria.NoLostAcknowledged, DrillCriteria.Linearizable],
            rechecked.Where(c => c.Recomputed is not null).Select(c => c.Id));
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
        var rechecked = Check(StoredPassing, Clean, [Member("node-a", A, B), Member("node-b", A)]);

        Assert.Equal([DrillCriteria.NoLostAcknowledged], Failed(rechecked));
        Assert.Contains("1 acknowledged", rechecked.Single(c => c.Id == DrillCriteria.NoLostAcknowledged).Recomputed!.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_twice_in_a_members_log_fails_no_duplicates()
    {
        Assert.Contains(DrillCriteria.NoDuplicates, Failed(Check(StoredPassing, Clean, [Member("node-a", A, B, A), Member("node-b", A, B)])));
    }

    [Fact]
    public void Without_saved_logs_only_linearizable_is_recomputed_from_the_history_alone()
    {
        var rechecked = Check(StoredPassing, [.. Clean, Read(A, 30, DocumentStatusNames.Aborted)], []);

        Assert.Equal([DrillCriteria.Linearizable], rechecked.Where(c => c.Recomputed is not null).Select(c => c.Id));
        Assert.Equal([DrillCriteria.Linearizable], Failed(rechecked));
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
}
