using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class LinearizabilityCheckTests
{
    private const string Hash = "aa";
    private const string Other = "bb";
    private const string Leader = "http://127.0.0.1:5101/";
    private const long LogsReadAt = 10_000;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> NoLogs =
        new Dictionary<string, IReadOnlyList<LogEntryResponse>>();

    private static DrillOperation Op(string op, long start, long end, string outcome, int? status = null, string? state = null, string hash = Hash) =>
        new(op, Leader, hash, 1, start, end, outcome, status, state);

    private static DrillOperation Created(long start, long end, string hash = Hash) =>
        Op("issue", start, end, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, hash);

    private static DrillOperation Read(long start, long end, string state) => Op("read", start, end, OperationOutcomes.Ok, 200, state);

    private static Dictionary<string, IReadOnlyList<LogEntryResponse>> Logs(params (string Hash, string Kind)[] entries) => new()
    {
        ["node-a"] = [.. entries.Select((e, i) => new LogEntryResponse(i + 1, 1, e.Hash, e.Kind))],
        ["node-b"] = [.. entries.Select((e, i) => new LogEntryResponse(i + 1, 1, e.Hash, e.Kind))],
    };

    private static IReadOnlyList<string> Violations(IEnumerable<DrillOperation> history, IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>>? logs = null) =>
        LinearizabilityCheck.Check(history, logs ?? NoLogs, LogsReadAt).Violations;

    [Fact]
    public void An_issue_then_reads_of_its_decision_and_a_log_that_holds_it_are_linearizable()
    {
        var verdict = LinearizabilityCheck.Check(
            [Read(0, 3, DocumentStatusNames.Pending), Created(1, 10), Read(20, 25, DocumentStatusNames.Committed),
                Op("issue", 30, 31, OperationOutcomes.Ok, 200, DocumentStatusNames.Committed),
                Op("abort", 40, 41, OperationOutcomes.Refused, 409, DocumentStatusNames.Committed)],
            Logs((Hash, LogEntryKindNames.Issue)), LogsReadAt);

        Assert.Equal(1, verdict.HashesChecked);
        Assert.Empty(verdict.Violations);
    }

    [Fact]
    public void A_read_of_aborted_after_an_acknowledged_201_is_named()
    {
        var violation = Assert.Single(Violations([Created(0, 10), Read(20, 25, DocumentStatusNames.Aborted)]));

        Assert.StartsWith($"{Hash}: answered both COMMITTED", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_201s_for_one_hash_are_named()
    {
        var violation = Assert.Single(Violations([Created(0, 10), Created(20, 25)]));

        Assert.Contains("created (201) more than once", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_seen_undecided_after_it_was_acknowledged_is_named()
    {
        var notFound = Op("read", 20, 22, OperationOutcomes.Refused, 404);

        var violation = Assert.Single(Violations([Created(0, 10), notFound]));

        Assert.Contains("found it undecided after", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_read_that_overlaps_the_201_is_linearizable()
    {
        Assert.Empty(Violations([Created(0, 10), Read(9, 12, DocumentStatusNames.Pending), Read(11, 13, DocumentStatusNames.Committed)]));
    }

    [Theory]
    [InlineData(OperationOutcomes.Timeout)]
    [InlineData(OperationOutcomes.Unavailable)]
    [InlineData(OperationOutcomes.Cancelled)]
    public void An_issue_without_an_answer_may_be_the_one_that_decided_long_after_it_started(string outcome)
    {
        Assert.Empty(Violations([Op("issue", 0, 2_000, outcome), Read(5_000, 5_001, DocumentStatusNames.Committed)]));
    }

    [Fact]
    public void A_decision_no_request_could_have_made_is_named()
    {
        // A rate-limited issue took no effect: nothing else could have committed the document.
        var refused = Op("issue", 0, 1, OperationOutcomes.Refused, 429);

        var violation = Assert.Single(Violations([refused, Read(5, 6, DocumentStatusNames.Committed)]));

        Assert.Contains("no issue that could have decided it", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_201_must_be_in_flight_at_the_decision()
    {
        // The read saw COMMITTED before the request that claims to have created it was sent.
        var violation = Assert.Single(Violations([Read(0, 5, DocumentStatusNames.Committed), Created(10, 20)]));

        Assert.Contains("fits the 201", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_abort_fence_then_a_refused_retry_is_linearizable()
    {
        Assert.Empty(Violations(
            [Op("issue", 0, 2_000, OperationOutcomes.Timeout), Op("abort", 2_100, 2_150, OperationOutcomes.Ok, 200, DocumentStatusNames.Aborted),
                Op("issue", 2_200, 2_210, OperationOutcomes.Refused, 409, DocumentStatusNames.Aborted)],
            Logs((Hash, LogEntryKindNames.Abort))));
    }

    [Fact]
    public void An_acknowledged_hash_in_no_members_log_is_named()
    {
        var violation = Assert.Single(Violations([Created(0, 10)], Logs((Other, LogEntryKindNames.Issue))));

        Assert.Contains("no member's log", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_that_decided_otherwise_than_the_answer_is_named()
    {
        var violation = Assert.Single(Violations([Created(0, 10)], Logs((Hash, LogEntryKindNames.Abort))));

        Assert.Contains("node-a's log", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undecided_hash_in_no_log_is_linearizable()
    {
        Assert.Empty(Violations([Op("issue", 0, 2_000, OperationOutcomes.Timeout), Read(2_100, 2_200, DocumentStatusNames.Pending)], Logs()));
    }

    [Fact]
    public void Only_the_broken_hash_is_named_and_every_hash_is_counted()
    {
        var verdict = LinearizabilityCheck.Check(
            [Created(0, 10, Other), Created(0, 10), Read(20, 25, DocumentStatusNames.Aborted)], NoLogs, LogsReadAt);

        Assert.Equal(2, verdict.HashesChecked);
        Assert.StartsWith(Hash + ":", Assert.Single(verdict.Violations), StringComparison.Ordinal);
    }
}
