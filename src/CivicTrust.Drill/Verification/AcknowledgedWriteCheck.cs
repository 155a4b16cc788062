using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Every document acknowledged to a client must be COMMITTED on every member whose log was read: an acknowledged
/// write that any replica lacks is a lost write (or one a later majority can lose), the worst failure a consensus
/// system can have.
/// </summary>
/// <remarks>
/// A pure function: it reads the ledger's states as given and writes nothing. The ledger holds what clients were told
/// (written by the load and the in-flight tracker only); the judgement of the logs goes to the report.
/// </remarks>
public static class AcknowledgedWriteCheck
{
    /// <summary>
    /// The hashes <paramref name="ledger"/> holds as acknowledged (or committed) that are missing from at least one of
    /// <paramref name="logs"/> (keyed by node id), each as <c>hash (missing on node, node)</c>.
    /// </summary>
    public static IReadOnlyList<string> FindLost(IReadOnlyDictionary<string, LedgerState> ledger, IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs)
    {
        var issued = IssuedOn(logs);
        return [.. ledger
            .Where(e => e.Value is LedgerState.Acknowledged or LedgerState.Committed)
            .Select(e => Missing(e.Key, issued))
            .OfType<string>()];
    }

    /// <summary>
    /// The same judgement from a saved history instead of the ledger: every hash some answer called COMMITTED (a 2xx
    /// issue, a read, a refused abort) must be an issue entry in every one of <paramref name="logs"/>.
    /// </summary>
    public static IReadOnlyList<string> FindLost(IEnumerable<DrillOperation> history, IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs)
    {
        var issued = IssuedOn(logs);
        return [.. history
            .Where(o => o.DocumentStatus == DocumentStatusNames.Committed && o.Outcome is OperationOutcomes.Ok or OperationOutcomes.Refused)
            .Select(o => o.Hash)
            .Distinct(StringComparer.Ordinal)
            .Select(hash => Missing(hash, issued))
            .OfType<string>()];
    }

    private static Dictionary<string, HashSet<string>> IssuedOn(IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs) =>
        logs.ToDictionary(
            l => l.Key,
            l => l.Value.Where(e => e.Kind == LogEntryKindNames.Issue).Select(e => e.Hash).ToHashSet(StringComparer.Ordinal));

    private static string? Missing(string hash, Dictionary<string, HashSet<string>> issued)
    {
        var missingOn = issued.Where(node => !node.Value.Contains(hash)).Select(node => node.Key).Order(StringComparer.Ordinal).ToList();
        return missingOn.Count > 0 ? $"{hash} (missing on {string.Join(", ", missingOn)})" : null;
    }
}
