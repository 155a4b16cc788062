using CivicTrust.Contracts;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class RawLogAuditTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    private static RawLogEntryResponse Raw(long index, string hash, string kind, string effect) => new(index, 1, hash, kind, effect);

    private static RawLogAuditResult Audit(RawLogResponse raw, params LogEntryResponse[] log) =>
        RawLogAudit.Audit(new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["n"] = log }, new Dictionary<string, RawLogResponse> { ["n"] = raw });

    [Fact]
    public void Retries_and_refusals_that_follow_the_first_decision_are_clean_and_counted()
    {
        var result = Audit(new RawLogResponse(1,
        [
            Raw(1, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            Raw(2, A, LogEntryKindNames.Issue, LogEntryEffectNames.Absorbed),
            Raw(3, A, LogEntryKindNames.Abort, LogEntryEffectNames.Refused),
            Raw(4, B, LogEntryKindNames.Abort, LogEntryEffectNames.Aborted),
        ]));

        Assert.Equal(0, result.DuplicateIssues);
        Assert.Equal(0, result.EffectMismatches);
        Assert.Equal(["n: 4 raw entries scanned from index 1, 1 retries absorbed"], result.Summaries);
    }

    [Fact]
    public void A_second_issued_entry_is_a_duplicate_and_a_wrong_effect()
    {
        var result = Audit(new RawLogResponse(1,
        [
            Raw(1, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            Raw(2, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
        ]));

        Assert.Equal(1, result.DuplicateIssues);
        Assert.Equal(1, result.EffectMismatches);
    }

    [Fact]
    public void Decisions_before_the_raw_window_come_from_the_state_changing_log()
    {
        // A was issued at 3, compacted into a snapshot; the raw window starts at 10 with a retry of it.
        var result = Audit(
            new RawLogResponse(10, [Raw(10, A, LogEntryKindNames.Issue, LogEntryEffectNames.Absorbed)]),
            new LogEntryResponse(3, 1, A, LogEntryKindNames.Issue));

        Assert.Equal(0, result.EffectMismatches);
        Assert.Equal(0, result.DuplicateIssues);
    }

    [Fact]
    public void A_document_on_one_member_where_another_holds_no_document_is_divergence()
    {
        // The shape of the open finding: identical logs except one index, a document on one member and a no-op on the
        // other, which the state-changing view cannot compare.
        var withDocument = new RawLogResponse(1,
        [
            Raw(565, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            Raw(566, B, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            Raw(567, new string('c', 64), LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
        ]);
        var withoutDocument = withDocument with { Entries = [.. withDocument.Entries.Where(e => e.Index != 566)] };

        var result = RawLogAudit.Audit(
            new Dictionary<string, IReadOnlyList<LogEntryResponse>>(),
            new Dictionary<string, RawLogResponse> { ["one"] = withDocument, ["other"] = withoutDocument });

        Assert.Equal(1, result.EffectMismatches);
        Assert.Contains(result.Findings, f => f.StartsWith("raw divergence at index 566", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_whose_raw_window_starts_later_is_not_divergent_before_it()
    {
        var full = new RawLogResponse(1, [Raw(1, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued), Raw(5, B, LogEntryKindNames.Issue, LogEntryEffectNames.Issued)]);
        var compacted = new RawLogResponse(4, [Raw(5, B, LogEntryKindNames.Issue, LogEntryEffectNames.Issued)]);

        var result = RawLogAudit.Audit(
            new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["late"] = [new(1, 1, A, LogEntryKindNames.Issue)] },
            new Dictionary<string, RawLogResponse> { ["full"] = full, ["late"] = compacted });

        Assert.Equal(0, result.EffectMismatches);
    }

    [Fact]
    public void Documents_of_one_batched_entry_are_compared_place_by_place()
    {
        var batch = new RawLogResponse(1,
        [
            Raw(7, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            new RawLogEntryResponse(7, 1, B, LogEntryKindNames.Issue, LogEntryEffectNames.Issued, Position: 1),
            Raw(8, new string('c', 64), LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
        ]);
        var shorterBatch = batch with { Entries = [.. batch.Entries.Where(e => e.Position == 0)] };
        var noLogs = new Dictionary<string, IReadOnlyList<LogEntryResponse>>();

        var same = RawLogAudit.Audit(noLogs, new Dictionary<string, RawLogResponse> { ["one"] = batch, ["other"] = batch });
        var diverged = RawLogAudit.Audit(noLogs, new Dictionary<string, RawLogResponse> { ["one"] = batch, ["other"] = shorterBatch });

        Assert.Equal(0, same.EffectMismatches);
        Assert.Equal(0, same.DuplicateIssues);
        Assert.Equal(1, diverged.EffectMismatches);
        Assert.Contains(diverged.Findings, f => f.StartsWith("raw divergence at index 7.1", StringComparison.Ordinal));
    }
}
