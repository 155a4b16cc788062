using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>no_write_after_revocation</c> as a pure function of the history: operations, the revocation, the members' listings.</summary>
public sealed class RevocationCheckTests
{
    private const string A = "http://a/";
    private const string B = "http://b/";
    private const string C = "http://c/";
    private const long RevokedAt = 20;
    private static readonly string K1 = new('1', 64);
    private static readonly string K2 = new('2', 64);
    private static readonly string[] Members = ["http://a", "http://b", "http://c"];

    // The revocation was asked for at 100 and acknowledged at 110 (times are both the clock's and the drill's order).
    private static readonly FaultEvent Revocation = new(FaultActions.RevokeKey, A, null, null, 100, 110, FaultEvent.Ok, Crash: true, StartSeq: 100, EndSeq: 110, Key: K1, Index: RevokedAt);

    private static DrillOperation Write(string node, string hash, long start, int status, long? index = null, string? key = null, string op = OperationKinds.Issue) =>
        new(op, node, hash, 1, start, start + 5, status is >= 200 and < 300 ? OperationOutcomes.Ok : OperationOutcomes.Refused, status,
            status is >= 200 and < 300 ? "COMMITTED" : null, start, start + 5, index, key ?? K1);

    private static FaultEvent Listed(string node, string state = "revoked", long index = RevokedAt, string outcome = FaultEvent.Ok) =>
        new(FaultActions.KeyListed, node, node, null, 500, 501, outcome, Detail: state, StartSeq: 500, EndSeq: 501, Key: K1, Index: index);

    private static readonly FaultEvent[] AllListRevoked = [Revocation, Listed(A), Listed(B), Listed(C)];

    // Two documents written with K1 before the revocation, the load carried on with K2, and one probe refused by all.
    private static readonly DrillOperation[] Clean =
    [
        Write(A, "h1", 10, 201, 11), Write(B, "h2", 20, 201, 12), Write(C, "h3", 115, 201, 25, K2),
        Write(A, "p1", 120, 401), Write(B, "p1", 130, 403), Write(C, "p1", 140, 401),
    ];

    private static RevocationVerdict Check(IReadOnlyList<DrillOperation> operations, params FaultEvent[] faults) =>
        RevocationCheck.Check(operations, faults.Length == 0 ? AllListRevoked : faults, Members)!;

    [Fact]
    public void A_key_refused_everywhere_after_its_revocation_and_listed_revoked_by_all_at_its_index_passes()
    {
        var verdict = Check(Clean);

        Assert.Empty(verdict.Violations);
        Assert.Equal((3, 2, (long?)12, 1, 3), (verdict.ListedRevoked, verdict.AcknowledgedWrites, verdict.HighestIndex, verdict.Probes, verdict.Refusals));
        var criterion = DrillCriteria.Revocation(verdict);
        Assert.True(criterion.Passed);
        Assert.Equal("key 111111111111… revoked at index 20, listed so by 3 of 3 members; 2 writes with it acknowledged, the last at index 12; 1 probes after the revocation refused by every member (3 refusals)", criterion.Measured);
    }

    [Fact]
    public void A_history_without_a_revocation_is_not_judged()
    {
        Assert.Null(RevocationCheck.Check(Clean, [Listed(A)], Members));
        Assert.Null(RevocationCheck.Check(Clean, [Revocation with { Crash = false }], Members));
    }

    [Fact]
    public void A_2xx_to_a_write_with_the_key_sent_after_the_revocation_was_acknowledged_fails()
    {
        var verdict = Check([.. Clean, Write(B, "h4", 111, 201, 19)]);

        Assert.False(DrillCriteria.Revocation(verdict).Passed);
        Assert.Contains("http://b/ answered 201 to issue h4 with the revoked key, sent at 111, after the revocation was acknowledged at 110", verdict.Violations);
    }

    [Theory]
    [InlineData(RevokedAt)]
    [InlineData(RevokedAt + 1)]
    public void A_2xx_to_a_write_with_the_key_at_or_above_the_revocations_index_fails_even_if_sent_before_it(long index)
    {
        var verdict = Check([.. Clean, Write(C, "h4", 95, 201, index)]);

        Assert.Equal($"http://c/ answered 201 to issue h4 with the key at index {index}, not below the revocation's 20", Assert.Single(verdict.Violations));
    }

    [Fact]
    public void A_2xx_to_a_write_with_the_key_that_names_no_index_fails()
    {
        Assert.Equal("http://c/ answered 200 to abort h4 with the key without the index it landed at",
            Assert.Single(Check([.. Clean, Write(C, "h4", 95, 200, op: OperationKinds.Abort)]).Violations));
    }

    [Fact]
    public void Members_that_disagree_on_the_revocations_index_fail()
    {
        var verdict = Check(Clean, Revocation, Listed(A), Listed(B, index: RevokedAt + 3), Listed(C));

        Assert.Equal("http://b lists the key revoked at index 23, not at the acknowledged 20", Assert.Single(verdict.Violations));
        Assert.Equal(2, verdict.ListedRevoked);
    }

    [Fact]
    public void A_member_that_lists_the_key_active_or_could_not_be_asked_or_never_was_fails()
    {
        var verdict = Check(Clean, Revocation, Listed(A, "active", 0), Listed(B, "unreachable", 0, FaultEvent.Failed));

        Assert.Equal(
            ["http://a lists the key active, not revoked", "http://b could not be asked for its keys: unreachable", "http://c never listed its keys after the load"],
            verdict.Violations);
    }

    [Fact]
    public void A_probe_a_member_accepted_fails()
    {
        var verdict = Check([.. Clean.Where(o => !(o.Hash == "p1" && o.Node == C)), Write(C, "p1", 140, 201, 30)]);

        Assert.Contains("http://c/ answered 201 to issue p1 with the revoked key, sent at 140, after the revocation was acknowledged at 110", verdict.Violations);
        Assert.Contains("http://c did not refuse probe p1 (answered 201)", verdict.Violations);
    }

    [Fact]
    public void A_probe_a_member_never_answered_or_never_got_fails()
    {
        var unanswered = Write(C, "p1", 140, 503) with { Outcome = OperationOutcomes.Unavailable };
        var verdict = Check([.. Clean.Where(o => o.Hash != "p1" || o.Node == A), unanswered]);

        Assert.Equal(["probe p1 was never sent to http://b", "http://c did not refuse probe p1 (answered 503)"], verdict.Violations);
    }

    [Fact]
    public void No_probe_at_all_fails()
    {
        Assert.Equal("no write with the key was sent after its revocation: no member was probed", Assert.Single(Check([.. Clean.Where(o => o.Hash != "p1")]).Violations));
    }

    [Fact]
    public void Writes_with_another_key_after_the_revocation_are_not_its_business()
    {
        Assert.Empty(Check([.. Clean, Write(A, "h5", 200, 201, 40, K2), Write(B, "h6", 210, 201, 41, key: null) with { Key = null }]).Violations);
    }
}
