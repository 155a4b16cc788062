using CivicTrust.Contracts;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Audits each node's raw log (every committed entry, retries included) instead of trusting the state-changing view:
/// recomputes every entry's effect from the entries before it (the first terminal entry of a hash wins), counts
/// hashes issued more than once, and flags any entry whose reported effect differs from the recomputation. Hashes
/// decided before the raw window (compacted into a snapshot) are seeded from the node's state-changing log.
/// </summary>
public static class RawLogAudit
{
    private const int MaxFindings = 5;

    /// <summary>The audit of every node read.</summary>
    /// <param name="logs">Each node's state-changing log (<c>/log</c>), keyed by node id.</param>
    /// <param name="rawLogs">Each node's raw log (<c>/log?raw=true</c>), keyed by node id.</param>
    public static RawLogAuditResult Audit(
        IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs,
        IReadOnlyDictionary<string, RawLogResponse> rawLogs)
    {
        var findings = new List<string>();
        var summaries = new List<string>();
        int duplicates = 0, mismatches = 0;
        foreach (var (node, raw) in rawLogs)
        {
            // Decided before the raw window: known from the state-changing log.
            var decided = new Dictionary<string, string>(StringComparer.Ordinal);
            var issues = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in logs.GetValueOrDefault(node, []).Where(e => e.Index < raw.AvailableFrom))
            {
                decided.TryAdd(entry.Hash, entry.Kind);
                if (entry.Kind == LogEntryKindNames.Issue)
                {
                    issues[entry.Hash] = issues.GetValueOrDefault(entry.Hash) + 1;
                }
            }

            var absorbed = 0;
            foreach (var entry in raw.Entries.OrderBy(e => e.Index).ThenBy(e => e.Position))
            {
                var expected = Recompute(decided, entry);
                if (entry.Effect == LogEntryEffectNames.Issued)
                {
                    issues[entry.Hash] = issues.GetValueOrDefault(entry.Hash) + 1;
                }

                absorbed += entry.Effect == LogEntryEffectNames.Absorbed ? 1 : 0;
                if (!string.Equals(expected, entry.Effect, StringComparison.Ordinal))
                {
                    mismatches++;
                    if (findings.Count < MaxFindings)
                    {
                        findings.Add($"effect: {node} reports {DuplicateDetector.Place(entry.Index, entry.Position)} ({entry.Kind} {entry.Hash}) as {entry.Effect}; the entries before it make it {expected}");
                    }
                }
            }

            foreach (var (hash, count) in issues.Where(i => i.Value > 1))
            {
                duplicates += count - 1;
                if (findings.Count < MaxFindings)
                {
                    findings.Add($"duplicate: {node}'s raw log issues {hash} {count} times");
                }
            }

            summaries.Add($"{node}: {raw.Entries.Count} raw entries scanned from index {raw.AvailableFrom}, {absorbed} retries absorbed");
        }

        mismatches += CompareAcrossMembers(rawLogs, findings);
        return new RawLogAuditResult(duplicates, mismatches, findings, summaries);
    }

    // Place by place (index, position within a batch) across members: where two raw windows overlap, a document entry
    // on one member must be the same entry on the other. A place that holds a document on one member and nothing on
    // another (a no-op there, or a shorter batch) is the divergence the state-changing view cannot show.
    private static int CompareAcrossMembers(IReadOnlyDictionary<string, RawLogResponse> rawLogs, List<string> findings)
    {
        var windows = rawLogs
            .Where(r => r.Value.Entries.Count > 0)
            .Select(r => (Node: r.Key, From: r.Value.AvailableFrom, To: r.Value.Entries.Max(e => e.Index),
                Entries: r.Value.Entries.ToDictionary(e => (e.Index, e.Position))))
            .ToList();
        var divergent = 0;
        foreach (var place in windows.SelectMany(w => w.Entries.Keys).Distinct().Order())
        {
            var covering = windows.Where(w => place.Index >= w.From && place.Index <= w.To).ToList();
            var seen = covering
                .Select(w => w.Entries.TryGetValue(place, out var e) ? $"{e.Kind} {e.Hash} (term {e.Term})" : "no document")
                .ToList();
            if (seen.Distinct(StringComparer.Ordinal).Count() <= 1)
            {
                continue;
            }

            divergent++;
            if (findings.Count < MaxFindings * 2)
            {
                findings.Add($"raw divergence at {DuplicateDetector.Place(place.Index, place.Position)}: " + string.Join("; ", covering.Select((w, i) => $"{w.Node} has {seen[i]}")));
            }
        }

        return divergent;
    }

    // The effect the entry must have had, given the decisions before it; records its own decision.
    private static string Recompute(Dictionary<string, string> decided, RawLogEntryResponse entry)
    {
        if (!decided.TryGetValue(entry.Hash, out var decision))
        {
            decided[entry.Hash] = entry.Kind;
            return entry.Kind == LogEntryKindNames.Issue ? LogEntryEffectNames.Issued : LogEntryEffectNames.Aborted;
        }

        return decision == entry.Kind ? LogEntryEffectNames.Absorbed : LogEntryEffectNames.Refused;
    }
}
