using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Recovery;

/// <summary>
/// Proves the new leader takes fresh issuance: one new document, sent to it until it answers COMMITTED or the drill's
/// deadline passes. Recorded in the ledger like every other document, so the same checks hold for it.
/// </summary>
public sealed class FreshIssuanceProbe(IDrillLedger ledger, TimeProvider time, TimeSpan retryDelay)
{
    /// <summary>When <paramref name="leader"/> committed the run's fresh document (Unix ms); <see langword="null"/> if it did not by <paramref name="deadline"/>.</summary>
    public async Task<long?> IssueAsync(INodeClient leader, string runId, DateTimeOffset deadline, CancellationToken token)
    {
        var fresh = DrillDocument.Fresh(runId);
        await ledger.RecordAsync(fresh.Hash, LedgerState.Submitted);
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var answer = await leader.IssueAsync(fresh, token);
                if (answer.IsSuccess && answer.DocumentStatus == DocumentStatusNames.Committed)
                {
                    await ledger.RecordAsync(fresh.Hash, LedgerState.Acknowledged);
                    return time.GetUtcNow().ToUnixTimeMilliseconds();
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(retryDelay, time, token);
        }

        return null;
    }
}
