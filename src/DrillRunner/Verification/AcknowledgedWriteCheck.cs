using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Verification;

/// <summary>
/// Every document acknowledged to a client must be COMMITTED on the new leader: an acknowledged write that the
/// new leader lacks is a lost write, the worst failure a consensus system can have.
/// </summary>
public sealed class AcknowledgedWriteCheck(IDrillLedger ledger)
{
    /// <summary>The acknowledged hashes missing from <paramref name="leaderLog"/>; marks the others committed in the ledger.</summary>
    public async Task<IReadOnlyList<string>> FindLostAsync(IReadOnlyList<LogEntryResponse> leaderLog)
    {
        var issued = leaderLog.Where(e => e.Kind == LogEntryKindNames.Issue).Select(e => e.Hash).ToHashSet(StringComparer.Ordinal);
        var lost = new List<string>();
        foreach (var (hash, state) in await ledger.ReadAllAsync())
        {
            if (state != LedgerState.Acknowledged)
            {
                continue;
            }

            if (issued.Contains(hash))
            {
                await ledger.RecordAsync(hash, LedgerState.Committed);
            }
            else
            {
                lost.Add(hash);
            }
        }

        return lost;
    }
}
