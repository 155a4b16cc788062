using System.Net;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Verification;

/// <summary>
/// Settles every document the ledger holds as submitted but not acknowledged. For each it asks the new leader: a
/// COMMITTED document was finished by the new leader; anything else is fenced with an abort, which either takes
/// effect (ABORTED) or loses to a commit that got there first (409 with the committed record). Either way the
/// document ends terminal, and the ledger records which. Retries until the deadline; what is left is pending.
/// </summary>
public sealed class InFlightTracker(IDrillLedger ledger, TimeProvider time)
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
        long lastResolved = time.GetUtcNow().ToUnixTimeMilliseconds();
        await Parallel.ForAsync(0, inFlight.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = token }, async (i, t) =>
        {
            outcomes[i] = await SettleAsync(leader, inFlight[i], deadline, t);
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
            pending.Count == 0 ? lastResolved : null);
    }

    private async Task<LedgerState?> SettleAsync(INodeClient leader, string hash, DateTimeOffset deadline, CancellationToken token)
    {
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var known = await leader.GetDocumentAsync(hash, token);
                if (Terminal(known) is { } decided)
                {
                    return decided;
                }

                if (known.IsSuccess || known.Status == HttpStatusCode.NotFound)
                {
                    // PENDING, or never appended: fence it. If the issue commits first, the abort answers 409 with it.
                    var fenced = await leader.AbortAsync(hash, token);
                    if (Terminal(fenced) is { } settled)
                    {
                        return settled;
                    }
                }
            }
            catch (NodeUnreachableException)
            {
                // The leader is busy or briefly unreachable; try again until the deadline.
            }

            await Task.Delay(RetryDelay, time, token);
        }

        return null;
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
