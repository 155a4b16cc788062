using CivicTrust.Contracts;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Every document acknowledged to a client must be COMMITTED on every member whose log was read: an acknowledged
/// write that any replica lacks is a lost write (or one a later majority can lose), the worst failure a consensus
/// system can have.
/// </summary>
public sealed class AcknowledgedWriteCheck(IDrillLedger ledger)
{
    /// <summary>
    /// The acknowledged hashes missing from at least one of <paramref name="logs"/> (keyed by node id), each as
    /// <c>hash (missing on node, node)</c>; marks the others committed in the ledger.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindLostAsync(IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> logs)
    {
        var issued = IssuedOn(logs);
        var lost = new List<string>();
        foreach (var (hash, state) in await ledger.ReadAllAsync())
        {
            // Committed: acknowledged and already verified by an earlier check; it must still be there.
            if (state is not (LedgerState.Acknowledged or LedgerState.Committed))
            {
                continue;
            }

            if (Missing(hash, issued) is { } missing)
            {
                lost.Add(missing);
            }
            else if (state == LedgerState.Acknowledged)
            {
                await ledger.RecordAsync(hash, LedgerState.Committed);
            }
        }

        return lost;
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
