using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>fresh_issuance</c> from the history: the run's fresh document was answered COMMITTED, and no log aborted it.</summary>
public sealed class FreshIssuanceCheckTests
{
    private const string RunId = "20261207000000abcdef";
    private const string Node = "http://127.0.0.1:5102/";
    private static readonly string Fresh = DrillDocument.Fresh(RunId).Hash;

    private static DrillOperation Issue(string hash, string outcome, int? status, string? state, long end) => new("issue", Node, hash, 1, end - 5, end, outcome, status, state);

    private static MemberLog Log(string hash, string kind) => new("node-b", 100, [new LogEntryResponse(1, 1, hash, kind)], new RawLogResponse(1, []));

    [Fact]
    public void The_first_committed_answer_to_the_fresh_document_is_when_it_was_taken()
    {
        DrillOperation[] history = [Issue(Fresh, OperationOutcomes.Unavailable, 503, null, 10), Issue(Fresh, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, 20)];

        Assert.Equal(20, FreshIssuanceCheck.CommittedAt(RunId, history, [Log(Fresh, LogEntryKindNames.Issue)]));
    }

    [Fact]
    public void Another_runs_fresh_document_or_a_load_document_does_not_count()
    {
        DrillOperation[] history =
        [
            Issue(DrillDocument.Fresh("20261207000000zzzzzz").Hash, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, 20),
            Issue(DrillDocument.Create(RunId, 0, "load").Hash, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, 30),
        ];

        Assert.Null(FreshIssuanceCheck.CommittedAt(RunId, history, []));
    }

    [Fact]
    public void A_fresh_document_a_log_holds_as_aborted_was_not_taken()
    {
        DrillOperation[] history = [Issue(Fresh, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, 20)];

        Assert.Null(FreshIssuanceCheck.CommittedAt(RunId, history, [Log(Fresh, LogEntryKindNames.Abort)]));
    }
}
