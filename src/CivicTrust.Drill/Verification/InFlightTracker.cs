using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Settles every document the ledger holds as submitted but not acknowledged. For each it asks the new leader: a
/// COMMITTED document was finished by the new leader. Anything else is, by <see cref="ResolveMode.Fence"/>, fenced with
/// an abort, which either takes effect (ABORTED) or loses to a commit that got there first (409 with the committed
/// record); by <see cref="ResolveMode.Retry"/>, sent again until the cluster decides it. Either way the document ends
/// terminal, and the ledger records which. Retries until the deadline; what is left is pending.
/// </summary>
/// <param name="ledger">Where the drill's documents and their states are.</param>
/// <param name="time">The drill's clock.</param>
/// <param name="mode">Fence or resubmit what is not committed.</param>
/// <param name="documentOf">The document sent under a hash, for <see cref="ResolveMode.Retry"/>; one it does not know is fenced.</param>
public sealed class InFlightTracker(IDrillLedger ledger, TimeProvider time, ResolveMode mode = ResolveMode.Fence, Func<string, DrillDocument?>? documentOf = null)
{
    private const int Parallelism = 16;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The hashes the ledger holds as in flight.</summary>
    public async Task<IReadOnlyList<string>> InFlightAsync() =>
        [.. (await ledger.ReadAllAsync()).Where(e => e.Value == LedgerState.Submitted).Select(e => e.Key).Order(StringComparer.Ordinal)];

    /// <summary>Settles every document the ledger holds as in flight, through <paramref name="leader"/>.</summary>
    public async Task<InFlightResolution> ResolveAsync(INodeClient leader, DateTimeOffset deadline, CancellationToken token) =>
        await ResolveAsync(leader, await InFlightAsync(), deadline, token);

    /// <summary>Settles <paramref name="inFlight"/> through <paramref name="leader"/>.</summary>
    public async Task<InFlightResolution> ResolveAsync(INodeClient leader, IReadOnlyList<string> inFlight, DateTimeOffset deadline, CancellationToken token)
    {
        var outcomes = new LedgerState?[inFlight.Count];
        var how = new Settlement[inFlight.Count];
        long lastResolved = time.GetUtcNow().ToUnixTimeMilliseconds();
        await Parallel.ForAsync(0, inFlight.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = token }, async (i, t) =>
        {
            (outcomes[i], how[i]) = await SettleAsync(leader, inFlight[i], deadline, t);
            if (outcomes[i] is { } state)
            {
                await ledger.RecordAsync(inFlight[i], state);
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                InterlockedMax(ref lastResolved, now);
            }
        });

        var pending = inFlight.Where((_, i) => outcomes[i] is null).ToList();
        return new InFlightResolution(
            outcomes.Count(o => o == LedgerState.Committed),
            outcomes.Count(o => o == LedgerState.Aborted),
            pending,
            pending.Count == 0 ? lastResolved : null)
        {
            AbortedByCluster = how.Count(h => h.HasFlag(Settlement.AbortedByCluster)),
            FencedByDrill = how.Count(h => h.HasFlag(Settlement.FencedByDrill)),
            PendingAtFirstRead = how.Count(h => h.HasFlag(Settlement.PendingAtFirstRead)),
            ResubmittedByDrill = how.Count(h => h.HasFlag(Settlement.ResubmittedByDrill)),
        };
    }

    // Who decided a document, and what the leader first said of it.
    [Flags]
    private enum Settlement
    {
        None = 0,
        AbortedByCluster = 1,
        FencedByDrill = 2,
        PendingAtFirstRead = 4,
        ResubmittedByDrill = 8,
    }

    private async Task<(LedgerState? Outcome, Settlement How)> SettleAsync(INodeClient leader, string hash, DateTimeOffset deadline, CancellationToken token)
    {
        var how = Settlement.None;
        var firstRead = true;
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var known = await leader.GetDocumentAsync(hash, token);
                if (firstRead && known.IsSuccess && known.DocumentStatus == DocumentStatusNames.Pending)
                {
                    how |= Settlement.PendingAtFirstRead;
                }

                firstRead = false;
                if (Terminal(known) is { } decided)
                {
                    return (decided, decided == LedgerState.Aborted ? how | Settlement.AbortedByCluster : how);
                }

                if ((known.IsSuccess || known.Status == HttpStatusCode.NotFound) && mode == ResolveMode.Retry && documentOf?.Invoke(hash) is { } document)
                {
                    // PENDING, or never appended: the same document again. Idempotent by hash: it commits once, or
                    // answers with what the cluster decided.
                    var again = await leader.IssueAsync(document, token);
                    if (Terminal(again) is { } settled)
                    {
                        return (settled, settled == LedgerState.Committed ? how | Settlement.ResubmittedByDrill : how | Settlement.AbortedByCluster);
                    }
                }
                else if (known.IsSuccess || known.Status == HttpStatusCode.NotFound)
                {
                    // PENDING, or never appended: fence it. If the issue commits first, the abort answers 409 with it.
                    var fenced = await leader.AbortAsync(hash, token);
                    if (Terminal(fenced) is { } settled)
                    {
                        return (settled, settled == LedgerState.Aborted && fenced.IsSuccess ? how | Settlement.FencedByDrill : how);
                    }
                }
            }
            catch (NodeUnreachableException)
            {
                // The leader is busy or briefly unreachable; try again until the deadline.
            }

            await Task.Delay(RetryDelay, time, token);
        }

        return (null, how);
    }

    private static LedgerState? Terminal(NodeAnswer answer) =>
        (answer.IsSuccess || answer.Status == HttpStatusCode.Conflict) ? answer.DocumentStatus switch
        {
            DocumentStatusNames.Committed => LedgerState.Committed,
            DocumentStatusNames.Aborted => LedgerState.Aborted,
            _ => null,
        } : null;

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
