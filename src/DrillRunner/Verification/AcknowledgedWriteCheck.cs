using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Verification;

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
        var issued = logs.ToDictionary(
            l => l.Key,
            l => l.Value.Where(e => e.Kind == LogEntryKindNames.Issue).Select(e => e.Hash).ToHashSet(StringComparer.Ordinal));
        var lost = new List<string>();
        foreach (var (hash, state) in await ledger.ReadAllAsync())
        {
            // Committed: acknowledged and already verified by an earlier check; it must still be there.
            if (state is not (LedgerState.Acknowledged or LedgerState.Committed))
            {
                continue;
            }

            var missingOn = issued.Where(node => !node.Value.Contains(hash)).Select(node => node.Key).Order(StringComparer.Ordinal).ToList();
            if (missingOn.Count > 0)
            {
                lost.Add($"{hash} (missing on {string.Join(", ", missingOn)})");
            }
            else if (state == LedgerState.Acknowledged)
            {
                await ledger.RecordAsync(hash, LedgerState.Committed);
            }
        }

        return lost;
    }
}
