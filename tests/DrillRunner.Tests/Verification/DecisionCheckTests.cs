using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>inflight_resolved</c> from the logs: every document the drill sent is decided by an entry in some member's log.</summary>
public sealed class DecisionCheckTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
    private static readonly string C = new('c', 64);
    private const string Node = "http://127.0.0.1:5101/";

    private static DrillOperation Sent(string op, string hash, string outcome = OperationOutcomes.Ok) => new(op, Node, hash, 1, 0, 5, outcome, null, null);

    private static MemberLog Log(string node, params (string Hash, string Kind)[] entries) =>
        new(node, 100, [.. entries.Select((e, i) => new LogEntryResponse(i + 1, 1, e.Hash, e.Kind))], new RawLogResponse(1, []));

    [Fact]
    public void Each_document_sent_counts_once_by_the_entry_that_decided_it()
    {
        DrillOperation[] history = [Sent("issue", A), Sent("issue", A, OperationOutcomes.Timeout), Sent("issue", B), Sent("abort", B), Sent("read", B)];

        var tally = DecisionCheck.Tally(history, [Log("node-a", (A, LogEntryKindNames.Issue), (B, LogEntryKindNames.Abort))]);

        Assert.Equal((2, 1, 1), (tally.Sent, tally.Committed, tally.Aborted));
        Assert.Empty(tally.Undecided);
    }

    [Fact]
    public void A_document_no_log_decides_is_undecided_even_if_one_member_lacks_it_only()
    {
        DrillOperation[] history = [Sent("issue", A), Sent("issue", B), Sent("issue", C, OperationOutcomes.Cancelled)];

        // B is on one member only: decided (the other member's gap is no_lost_acknowledged's or no_divergence's to judge).
        var tally = DecisionCheck.Tally(history, [Log("node-a", (A, LogEntryKindNames.Issue), (B, LogEntryKindNames.Issue)), Log("node-b", (A, LogEntryKindNames.Issue))]);

        Assert.Equal([C], tally.Undecided);
        Assert.Equal(2, tally.Committed);
    }

    [Fact]
    public void With_no_log_every_document_is_undecided()
    {
        Assert.Equal([A], DecisionCheck.Tally([Sent("issue", A)], []).Undecided);
    }
}
