using CivicTrust.Contracts;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Compares the nodes' applied logs. A hash listed twice in one log is a duplicate issuance; the same place (index and
/// position within a batched entry) holding different entries on two nodes is divergence (replicas that disagree on
/// history), and so is one hash decided by different entries (place, term or kind) on two nodes, which the sparse <c>/log</c> (state-changing entries only)
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
                    findings.Add($"duplicate: {node} lists {repeated.Key} {repeated.Count()} times (at {string.Join(", ", repeated.Select(Place))})");
                }
            }
        }

        var divergent = 0;
        var reported = 0;
        foreach (var place in logs.Values.SelectMany(log => log).GroupBy(e => (e.Index, e.Position)))
        {
            if (place.Select(e => (e.Hash, e.Kind, e.Term)).Distinct().Count() > 1)
            {
                divergent++;
                if (reported++ < MaxFindingsPerKind)
                {
                    findings.Add($"divergence at {Place(place.First())}: " + string.Join("; ",
                        logs.Where(l => l.Value.Any(e => (e.Index, e.Position) == place.Key))
                            .Select(l => $"{l.Key} has {l.Value.First(e => (e.Index, e.Position) == place.Key).Hash}")));
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
            if (decisions.Select(d => (d.Entry!.Index, d.Entry.Position, d.Entry.Term, d.Entry.Kind)).Distinct().Count() <= 1
                || AlreadyCountedAtOnePlace(decisions.Select(d => (d.Entry!.Index, d.Entry.Position))))
            {
                continue;
            }

            divergent++;
            if (reported++ < MaxFindingsPerKind)
            {
                findings.Add($"divergence of {hash}: " + string.Join("; ", decisions.Select(d => $"{d.Node} decided it at {Place(d.Entry!)} ({d.Entry!.Kind}, term {d.Entry!.Term})")));
            }
        }

        return new DuplicateReport(duplicates, divergent, [.. logs.Keys], findings);

        // Same place on every node: the place-by-place comparison above has already counted it.
        static bool AlreadyCountedAtOnePlace(IEnumerable<(long, int)> places) => places.Distinct().Count() == 1;
    }

    /// <summary>An entry's place in findings: its index, and its position when it shares the index with others.</summary>
    public static string Place(LogEntryResponse entry) => Place(entry.Index, entry.Position);

    /// <summary>Index, with <c>.position</c> for a document after the first of a batched entry.</summary>
    public static string Place(long index, int position) => position == 0 ? $"index {index}" : $"index {index}.{position}";
}
