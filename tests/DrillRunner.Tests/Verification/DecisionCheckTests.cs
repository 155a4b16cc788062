using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;
using static CivicTrust.DrillRunner.Tests.Fakes.Sample;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>inflight_resolved</c> from the logs: every document the drill sent is decided by an entry in some member's log.</summary>
public sealed class DecisionCheckTests
{
    [Fact]
    public void Each_document_sent_counts_once_by_the_entry_that_decided_it()
    {
        DrillOperation[] history =
        [
            Op(OperationKinds.Issue, A, OperationOutcomes.Ok), Op(OperationKinds.Issue, A, OperationOutcomes.Timeout), Op(OperationKinds.Issue, B, OperationOutcomes.Ok),
            Op(OperationKinds.Abort, B, OperationOutcomes.Ok), Op(OperationKinds.Read, B, OperationOutcomes.Ok),
        ];

        var tally = DecisionCheck.Tally(history, [Log("node-a", (A, LogEntryKindNames.Issue), (B, LogEntryKindNames.Abort))]);

        Assert.Equal((2, 1, 1), (tally.Sent, tally.Committed, tally.Aborted));
        Assert.Empty(tally.Undecided);
    }

    [Fact]
    public void A_document_no_log_decides_is_undecided_even_if_one_member_lacks_it_only()
    {
        DrillOperation[] history =
            [Op(OperationKinds.Issue, A, OperationOutcomes.Ok), Op(OperationKinds.Issue, B, OperationOutcomes.Ok), Op(OperationKinds.Issue, C, OperationOutcomes.Cancelled)];

        // B is on one member only: decided (the other member's gap is no_lost_acknowledged's or no_divergence's to judge).
        var tally = DecisionCheck.Tally(history, [Log("node-a", (A, LogEntryKindNames.Issue), (B, LogEntryKindNames.Issue)), Log("node-b", (A, LogEntryKindNames.Issue))]);

        Assert.Equal([C], tally.Undecided);
        Assert.Equal(2, tally.Committed);
    }

    [Fact]
    public void With_no_log_every_document_is_undecided()
    {
        Assert.Equal([A], DecisionCheck.Tally([Op(OperationKinds.Issue, A, OperationOutcomes.Ok)], []).Undecided);
    }
}
