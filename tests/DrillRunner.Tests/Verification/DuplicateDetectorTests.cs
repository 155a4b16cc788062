using CivicTrust.Contracts;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class DuplicateDetectorTests
{
    private static LogEntryResponse Entry(long index, char hash, string kind = LogEntryKindNames.Issue) => new(index, 1, new string(hash, 64), kind);

    [Fact]
    public void Identical_logs_and_a_lagging_replica_are_clean()
    {
        IReadOnlyList<LogEntryResponse> full = [Entry(2, 'a'), Entry(3, 'b'), Entry(5, 'c', LogEntryKindNames.Abort)];
        var report = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>>
        {
            ["a"] = full,
            ["b"] = full,
            ["c"] = full.Take(2).ToList(),
        });

        Assert.Equal(0, report.DuplicateCount);
        Assert.Equal(0, report.DivergentEntries);
        Assert.Empty(report.Findings);
        Assert.Equal(3, report.NodesRead.Count);
    }

    [Fact]
    public void A_hash_listed_twice_is_counted_per_extra_occurrence_and_node()
    {
        var report = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>>
        {
            ["a"] = [Entry(1, 'a'), Entry(2, 'a'), Entry(3, 'a')],
            ["b"] = [Entry(1, 'a'), Entry(2, 'a'), Entry(3, 'a')],
        });

        Assert.Equal(4, report.DuplicateCount);
        Assert.Contains(report.Findings, f => f.StartsWith("duplicate: a lists", StringComparison.Ordinal));
    }

    [Fact]
    public void Different_entries_at_one_index_are_divergence()
    {
        var report = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>>
        {
            ["a"] = [Entry(1, 'a'), Entry(2, 'b')],
            ["b"] = [Entry(1, 'a'), Entry(2, 'c')],
            ["c"] = [Entry(1, 'a'), Entry(2, 'b', LogEntryKindNames.Abort)],
        });

        Assert.Equal(0, report.DuplicateCount);
        Assert.Equal(1, report.DivergentEntries);
        Assert.Contains(report.Findings, f => f.StartsWith("divergence at index 2", StringComparison.Ordinal));
    }

    [Fact]
    public void One_hash_decided_at_different_indexes_is_divergence_even_in_sparse_logs()
    {
        // Each node lists the hash at an index the other does not list at all (a retry absorbed there), so no index
        // holds two different entries: only the per-hash comparison sees it.
        var report = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>>
        {
            ["a"] = [Entry(1, 'a'), Entry(4, 'b')],
            ["b"] = [Entry(1, 'a'), Entry(6, 'b')],
        });

        Assert.Equal(1, report.DivergentEntries);
        Assert.Contains(report.Findings, f => f.StartsWith("divergence of " + new string('b', 64), StringComparison.Ordinal));
    }

    [Fact]
    public void Documents_sharing_a_batched_entry_are_told_apart_by_position()
    {
        IReadOnlyList<LogEntryResponse> batch = [Entry(4, 'a'), Entry(4, 'b') with { Position = 1 }, Entry(4, 'c') with { Position = 2 }];
        IReadOnlyList<LogEntryResponse> reordered = [Entry(4, 'a'), Entry(4, 'c') with { Position = 1 }, Entry(4, 'b') with { Position = 2 }];

        var agreeing = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["a"] = batch, ["b"] = batch });
        var disagreeing = DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["a"] = batch, ["b"] = reordered });

        Assert.Equal(0, agreeing.DivergentEntries);
        Assert.Empty(agreeing.Findings);
        Assert.True(disagreeing.DivergentEntries > 0);
        Assert.Contains(disagreeing.Findings, f => f.StartsWith("divergence at index 4.1", StringComparison.Ordinal));
    }
}
