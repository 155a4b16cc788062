namespace CivicTrust.Drill.Verification;

/// <summary>What <see cref="DuplicateDetector"/> found.</summary>
/// <param name="DuplicateCount">Extra occurrences of a hash within one node's log, summed over nodes.</param>
/// <param name="DivergentEntries">Log indices at which two nodes hold different entries.</param>
/// <param name="NodesRead">Nodes whose logs were compared.</param>
/// <param name="Findings">Human-readable examples (at most a few per kind), for the report.</param>
public sealed record DuplicateReport(int DuplicateCount, int DivergentEntries, IReadOnlyList<string> NodesRead, IReadOnlyList<string> Findings)
{
    /// <summary>Per node, what the raw-log audit scanned (empty when no raw log was read).</summary>
    public IReadOnlyList<string> RawLogSummaries { get; init; } = [];
}
