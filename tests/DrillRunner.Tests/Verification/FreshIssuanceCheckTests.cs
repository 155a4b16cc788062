using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;
using static CivicTrust.DrillRunner.Tests.Fakes.Sample;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>fresh_issuance</c> from the history: the run's fresh document was answered COMMITTED, and no log aborted it.</summary>
public sealed class FreshIssuanceCheckTests
{
    private const string RunId = "20261207000000abcdef";
    private static readonly string Fresh = DrillDocument.Fresh(RunId).Hash;

    [Fact]
    public void The_first_committed_answer_to_the_fresh_document_is_when_it_was_taken()
    {
        DrillOperation[] history =
        [
            Op(OperationKinds.Issue, Fresh, OperationOutcomes.Unavailable, 503, end: 10),
            Op(OperationKinds.Issue, Fresh, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, end: 20),
        ];

        Assert.Equal(20, FreshIssuanceCheck.CommittedAt(RunId, history, [Log("node-b", (Fresh, LogEntryKindNames.Issue))]));
    }

    [Fact]
    public void Another_runs_fresh_document_or_a_load_document_does_not_count()
    {
        DrillOperation[] history =
        [
            Op(OperationKinds.Issue, DrillDocument.Fresh("20261207000000zzzzzz").Hash, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, end: 20),
            Op(OperationKinds.Issue, DrillDocument.Create(RunId, 0, "load").Hash, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, end: 30),
        ];

        Assert.Null(FreshIssuanceCheck.CommittedAt(RunId, history, []));
    }

    [Fact]
    public void A_fresh_document_a_log_holds_as_aborted_was_not_taken()
    {
        DrillOperation[] history = [Op(OperationKinds.Issue, Fresh, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed, end: 20)];

        Assert.Null(FreshIssuanceCheck.CommittedAt(RunId, history, [Log("node-b", (Fresh, LogEntryKindNames.Abort))]));
    }
}
