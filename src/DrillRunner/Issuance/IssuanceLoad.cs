using System.Net;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Issuance;

/// <summary>
/// Issues the drill's documents in parallel, paced, round-robin over all nodes (followers forward, so the load
/// crosses the same paths real clients use), and keeps going through the crash: a failed or timed-out request is
/// retried with the same document on the next node. Each hash is in the ledger before its first send.
/// </summary>
public sealed class IssuanceLoad(IReadOnlyList<INodeClient> nodes, IDrillLedger ledger, DrillOptions options, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _unfinished = new(StringComparer.Ordinal);
    private readonly long[] _suspectUntil = new long[nodes.Count];
    private int _submitted;
    private int _nextNode;

    /// <summary>When each acknowledgement arrived.</summary>
    public AcknowledgementLog Acknowledgements { get; } = new();

    /// <summary>Documents recorded as submitted so far.</summary>
    public int Submitted => Volatile.Read(ref _submitted);

    /// <summary>Documents acknowledged so far.</summary>
    public int Acknowledged => Acknowledgements.Count;

    /// <summary>Documents the load gave up on (out of attempts, or refused), with the last answer it got.</summary>
    public IReadOnlyDictionary<string, string> Unfinished => _unfinished;

    /// <summary>Issues every document; returns when each is acknowledged, rejected or out of attempts.</summary>
    public async Task RunAsync(IReadOnlyList<DrillDocument> documents, CancellationToken token)
    {
        using var slots = new SemaphoreSlim(options.Concurrency);
        var started = time.GetTimestamp();
        var sends = new List<Task>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            // Pace the starts: document i starts no earlier than i / rate seconds into the run.
            var due = TimeSpan.FromSeconds((double)i / options.DocumentsPerSecond) - time.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, token);
            }

            await slots.WaitAsync(token);
            var document = documents[i];
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    await IssueAsync(document, token);
                }
                finally
                {
                    slots.Release();
                }
            }, token));
        }

        await Task.WhenAll(sends);
    }

    // Round robin over the nodes, skipping any that failed to answer within the last second (unless all did).
    private int NextNode()
    {
        var now = time.GetTimestamp();
        var first = (int)((uint)Interlocked.Increment(ref _nextNode) % nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var candidate = (first + i) % nodes.Count;
            if (Volatile.Read(ref _suspectUntil[candidate]) <= now)
            {
                return candidate;
            }
        }

        return first;
    }

    private async Task IssueAsync(DrillDocument document, CancellationToken token)
    {
        await ledger.RecordAsync(document.Hash, LedgerState.Submitted);
        Interlocked.Increment(ref _submitted);
        var delay = options.RetryDelay;
        var last = "not sent";
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            var nodeIndex = NextNode();
            var node = nodes[nodeIndex];
            try
            {
                var answer = await node.IssueAsync(document, token);
                if (answer.IsSuccess)
                {
                    if (!string.Equals(answer.Hash, document.Hash, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"{node.Endpoint} hashed a drill document to {answer.Hash}, the drill to {document.Hash}: the cluster does not speak the contract's canonical hashing.");
                    }

                    Acknowledgements.Add(time.GetUtcNow().ToUnixTimeMilliseconds());
                    await ledger.RecordAsync(document.Hash, LedgerState.Acknowledged);
                    return;
                }

                last = $"{node.Endpoint} answered {(int)answer.Status}";
                if (answer.Status == HttpStatusCode.Conflict)
                {
                    // Fenced (by the in-flight tracker, racing this retry): terminal, and exactly what the fence is for.
                    _unfinished[document.Hash] = last + " (aborted)";
                    await ledger.RecordAsync(document.Hash, LedgerState.Aborted);
                    return;
                }

                if (!answer.IsRetryable)
                {
                    _unfinished[document.Hash] = last;
                    return; // stays "submitted": the in-flight tracker settles it
                }
            }
            catch (NodeUnreachableException e)
            {
                // The node died or stalled: the same document goes to the next node after a pause, and the node is
                // skipped for a second, as a client with a member list would.
                last = e.Message;
                Volatile.Write(ref _suspectUntil[nodeIndex], time.GetTimestamp() + time.TimestampFrequency);
            }

            if (attempt < options.MaxAttempts)
            {
                await Task.Delay(delay, time, token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }

        _unfinished[document.Hash] = $"gave up after {options.MaxAttempts} attempts; last: {last}";
    }
}
