using CivicTrust.Contracts;

namespace CivicTrust.DrillRunner.Verification;

/// <summary>
/// Compares the nodes' applied logs. A hash listed twice in one log is a duplicate issuance; the same index holding
/// different entries on two nodes is divergence (replicas that disagree on history), and so is one hash decided by
/// different entries (index, term or kind) on two nodes, which the sparse <c>/log</c> (state-changing entries only)
/// would otherwise hide when each node lists it at an index the other skips. Both counts must be zero. A node whose
/// log is merely shorter (it lags) is not divergent.
/// </summary>
public static class DuplicateDetector
{
    private const int MaxFindingsPerKind = 5;

    /// <summary>
    /// Analyses the logs and audits the raw logs (<see cref="RawLogAudit"/>): a second <c>issued</c> entry counts as a
    /// duplicate even though the state-changing view could never list it, and an entry whose effect contradicts the
    /// entries before it counts as divergence.
    /// </summary>
    public static DuplicateReport Analyze(
        IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs,
        IReadOnlyDictionary<string, RawLogResponse> rawLogs)
    {
        var report = Analyze(logs);
        var audit = RawLogAudit.Audit(logs, rawLogs);
        return report with
        {
            // The same extra issue may show in both views; the larger count is the number of extra issues.
            DuplicateCount = Math.Max(report.DuplicateCount, audit.DuplicateIssues),
            DivergentEntries = report.DivergentEntries + audit.EffectMismatches,
            Findings = [.. report.Findings, .. audit.Findings],
            RawLogSummaries = audit.Summaries,
        };
    }

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

        // Per hash: the entry that decided it (its first listing) must be the same on every node that lists it. Indexed
        // once per node: logs of long-lived clusters hold hundreds of thousands of entries, and a scan per hash would
        // make verification quadratic.
        var firstListing = logs.ToDictionary(
            l => l.Key,
            l => l.Value.GroupBy(e => e.Hash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        foreach (var hash in firstListing.Values.SelectMany(byHash => byHash.Keys).Distinct(StringComparer.Ordinal))
        {
            var decisions = firstListing
                .Select(l => (Node: l.Key, Entry: l.Value.GetValueOrDefault(hash)))
                .Where(d => d.Entry is not null)
                .ToList();
            if (decisions.Select(d => (d.Entry!.Index, d.Entry.Term, d.Entry.Kind)).Distinct().Count() <= 1
                || AlreadyCountedAtOneIndex(decisions.Select(d => d.Entry!.Index)))
            {
                continue;
            }

            divergent++;
            if (reported++ < MaxFindingsPerKind)
            {
                findings.Add($"divergence of {hash}: " + string.Join("; ", decisions.Select(d => $"{d.Node} decided it at {d.Entry!.Index} ({d.Entry.Kind}, term {d.Entry.Term})")));
            }
        }

        return new DuplicateReport(duplicates, divergent, [.. logs.Keys], findings);

        // Same index on every node: the index comparison above has already counted it.
        static bool AlreadyCountedAtOneIndex(IEnumerable<long> indexes) => indexes.Distinct().Count() == 1;
    }
}
