using CivicTrust.Contracts;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Every document the drill sent, looked up in the members' final logs: the drill's fence and retries exist so that
/// each ends COMMITTED (an issue entry) or ABORTED (an abort entry). A hash in no log was never decided: it stayed
/// pending, or was silently dropped. A pure function of the history and the logs, so a saved run is judged again.
/// </summary>
public static class DecisionCheck
{
    /// <summary>How the documents of <paramref name="history"/> ended in <paramref name="logs"/>.</summary>
    public static DecisionTally Tally(IReadOnlyList<DrillOperation> history, IReadOnlyList<MemberLog> logs)
    {
        // The first member that holds a hash decides it here: members that disagree fail no_divergence, not this.
        var decided = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in logs.SelectMany(l => l.Log))
        {
            decided.TryAdd(entry.Hash, entry.Kind);
        }

        var sent = history.Select(o => o.Hash).Distinct(StringComparer.Ordinal).ToList();
        var undecided = sent.Where(h => !decided.ContainsKey(h)).ToList();
        return new DecisionTally(
            sent.Count,
            sent.Count(h => decided.GetValueOrDefault(h) == LogEntryKindNames.Issue),
            sent.Count(h => decided.GetValueOrDefault(h) == LogEntryKindNames.Abort),
            undecided);
    }
}
