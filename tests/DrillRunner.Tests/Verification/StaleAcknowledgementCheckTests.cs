using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>no_stale_acknowledgement</c> as a pure function of operations and fault events.</summary>
public sealed class StaleAcknowledgementCheckTests
{
    private const string A = "http://a/";
    private const string B = "http://b/";
    private const string C = "http://c/";

    // Times here are both the clock's and the drill's order of things.
    private static DrillOperation Issue(string node, string hash, long start, long end, int status = 201) =>
        new("issue", node, hash, 1, start, end, OperationOutcomes.Ok, status, "COMMITTED", start, end);

    private static FaultEvent Fault(string action, string node, long start, long end, string outcome = FaultEvent.Ok) =>
        new(action, node, node, 1, start, end, outcome, StartSeq: start, EndSeq: end);

    private static IReadOnlyList<string> Find(IReadOnlyList<DrillOperation> operations, params FaultEvent[] faults) =>
        StaleAcknowledgementCheck.Find(operations, faults, 3);

    private static readonly FaultEvent[] CutA = [Fault(FaultActions.Cut, A, 100, 110), Fault(FaultActions.Heal, A, 200, 205)];

    [Fact]
    public void A_201_from_a_cut_off_member_for_a_document_first_sent_after_the_cut_is_stale()
    {
        var stale = Find([Issue(A, "h1", 120, 130)], CutA);

        Assert.Equal("http://a/ answered 201 for h1 at 130 while cut off from its peers (cut at 110, healed at 200)", Assert.Single(stale));
    }

    [Theory]
    [InlineData(105, 130, 201)] // first sent while the cut was being made: its entry may predate the cut
    [InlineData(120, 201, 201)] // answered after the heal began: the member may have its peers back
    [InlineData(120, 130, 200)] // a duplicate's answer: decided earlier, the member only reports it
    public void Answers_the_member_may_rightly_give_are_not_stale(long start, long end, int status)
    {
        Assert.Empty(Find([Issue(A, "h1", start, end, status)], CutA));
    }

    [Fact]
    public void A_document_sent_before_the_cut_and_retried_during_it_is_not_stale()
    {
        Assert.Empty(Find([Issue(B, "h1", 90, 95, status: 503), Issue(A, "h1", 120, 130)], CutA));
    }

    [Fact]
    public void The_others_keep_their_majority_while_one_member_is_cut_off()
    {
        Assert.Empty(Find([Issue(B, "h1", 120, 130)], CutA));
    }

    [Fact]
    public void A_201_from_the_last_member_up_of_three_is_stale()
    {
        FaultEvent[] twoKilled = [Fault(FaultActions.Kill, A, 100, 101), Fault(FaultActions.PowerCut, B, 102, 103), Fault(FaultActions.Restart, A, 300, 310)];

        var stale = Find([Issue(C, "h1", 150, 160)], twoKilled);

        Assert.Equal("http://c/ answered 201 for h1 at 160 while at most 1 of 3 members were up: no majority can have committed it", Assert.Single(stale));
    }

    [Theory]
    [InlineData(150, 160, FaultEvent.Failed)] // the second kill failed: that member may still be up
    [InlineData(150, 305, FaultEvent.Ok)] // the restart began during the request: a majority may be back
    [InlineData(90, 160, FaultEvent.Ok)] // first sent before the kills, acknowledged by peers before they died
    public void A_201_that_a_majority_may_have_made_is_not_stale(long start, long end, string secondKill)
    {
        FaultEvent[] twoKilled = [Fault(FaultActions.Kill, A, 100, 101), Fault(FaultActions.Kill, B, 102, 103, secondKill), Fault(FaultActions.Restart, A, 300, 310)];

        Assert.Empty(Find([Issue(C, "h1", start, end)], twoKilled));
    }

    [Fact]
    public void A_frozen_member_counts_as_away_until_it_is_thawed()
    {
        FaultEvent[] faults = [Fault(FaultActions.Kill, A, 100, 101), Fault(FaultActions.Pause, B, 102, 103), Fault(FaultActions.Resume, B, 200, 201)];

        Assert.Single(Find([Issue(C, "h1", 150, 160)], faults));
        Assert.Empty(Find([Issue(C, "h2", 150, 210)], faults));
    }

    [Fact]
    public void What_happened_in_the_same_millisecond_as_a_kill_is_ordered_by_the_drill_not_the_clock()
    {
        // All in millisecond 100: the kill returned (order 2) before the request was sent (order 3) and answered (order 4).
        FaultEvent[] twoKilled = [new(FaultActions.Kill, A, A, 1, 100, 100, FaultEvent.Ok, StartSeq: 0, EndSeq: 1), new(FaultActions.Kill, B, B, 1, 100, 100, FaultEvent.Ok, StartSeq: 1, EndSeq: 2)];

        Assert.Single(Find([new("issue", C, "h1", 1, 100, 100, OperationOutcomes.Ok, 201, "COMMITTED", 3, 4)], twoKilled));
        Assert.Empty(Find([new("issue", C, "h1", 1, 100, 100, OperationOutcomes.Ok, 201, "COMMITTED", 1, 4)], twoKilled));
    }

    [Fact]
    public void Operations_and_events_without_the_drills_order_are_not_judged()
    {
        Assert.Empty(Find([Issue(A, "h1", 120, 130) with { StartSeq = null, EndSeq = null }], CutA));
        Assert.Empty(Find([Issue(A, "h1", 120, 130)], [.. CutA.Select(f => f with { StartSeq = null, EndSeq = null })]));
    }

    [Fact]
    public void A_member_cut_off_and_killed_is_given_back_only_when_both_are_undone()
    {
        FaultEvent[] faults = [Fault(FaultActions.Cut, A, 100, 101), Fault(FaultActions.Kill, A, 102, 103), Fault(FaultActions.Heal, A, 150, 151), Fault(FaultActions.Kill, B, 104, 105)];

        Assert.Single(Find([Issue(C, "h1", 160, 170)], faults));
        Assert.Empty(Find([Issue(C, "h1", 160, 170)], [.. faults, Fault(FaultActions.Restart, A, 165, 166)]));
    }

    [Fact]
    public void One_member_down_of_three_leaves_a_majority()
    {
        Assert.Empty(Find([Issue(C, "h1", 150, 160)], Fault(FaultActions.Kill, A, 100, 101)));
        Assert.Single(StaleAcknowledgementCheck.Find([Issue(C, "h1", 150, 160)], [Fault(FaultActions.Kill, A, 100, 101)], 2));
    }
}
