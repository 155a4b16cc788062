using CivicTrust.Contracts;

namespace CivicTrust.DrillRunner.Verification;

/// <summary>
/// Compares the nodes' applied logs. A hash listed twice in one log is a duplicate issuance; the same index holding
/// different entries on two nodes is divergence (replicas that disagree on history). Both must be zero. A node whose
/// log is merely shorter (it lags) is not divergent.
/// </summary>
public static class DuplicateDetector
{
    private const int MaxFindingsPerKind = 5;

    /// <summary>Analyses the logs, keyed by node id.</summary>
    public static DuplicateReport Analyze(IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs)
    {
        var findings = new List<string>();
        var duplicates = 0;
        foreach (var (node, log) in logs)
        {
            foreach (var repeated in log.GroupBy(e => e.Hash, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                duplicates += repeated.Count() - 1;
                if (findings.Count < MaxFindingsPerKind)
                {
                    findings.Add($"duplicate: {node} lists {repeated.Key} {repeated.Count()} times (indices {string.Join(", ", repeated.Select(e => e.Index))})");
                }
            }
        }

        var divergent = 0;
        var reported = 0;
        foreach (var index in logs.Values.SelectMany(log => log).GroupBy(e => e.Index))
        {
            if (index.Select(e => (e.Hash, e.Kind, e.Term)).Distinct().Count() > 1)
            {
                divergent++;
                if (reported++ < MaxFindingsPerKind)
                {
                    findings.Add($"divergence at index {index.Key}: " + string.Join("; ",
                        logs.Where(l => l.Value.Any(e => e.Index == index.Key))
                            .Select(l => $"{l.Key} has {l.Value.First(e => e.Index == index.Key).Hash}")));
                }
            }
        }

        return new DuplicateReport(duplicates, divergent, [.. logs.Keys], findings);
    }
}
