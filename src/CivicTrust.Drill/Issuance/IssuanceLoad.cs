using System.Net;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Issuance;

/// <summary>
/// Issues the drill's documents in parallel, paced, round-robin over all nodes (followers forward, so the load
/// crosses the same paths real clients use), and keeps going through the crash: a failed or timed-out request is
/// retried with the same document on the next node. Each hash is in the ledger before its first send. Every send
/// carries the key <paramref name="key"/> holds at that moment (the drill's own while it holds none), so a fault can
/// hand the load a new issuer key mid-run.
/// </summary>
public sealed class IssuanceLoad(IReadOnlyList<INodeClient> nodes, IDrillLedger ledger, DrillOptions options, TimeProvider time, LoadKey? key = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _unfinished = new(StringComparer.Ordinal);
    private readonly long[] _suspectUntil = new long[nodes.Count];
    private readonly int[] _suspicions = new int[nodes.Count];
    private int _submitted;
    private int _nextNode;

    /// <summary>When each acknowledgement arrived.</summary>
    public AcknowledgementLog Acknowledgements { get; } = new();

    /// <summary>When the load started its last document (Unix ms); until then it was offering work at its pace at least.</summary>
    public long? LastStartedUnixMs { get; private set; }

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
            if (i == documents.Count - 1)
            {
                LastStartedUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            }

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

    // Round robin over the nodes, skipping any under suspicion; when all are, the one whose suspicion ends first (a
    // member suspected for the longest is the one most likely still frozen or cut off).
    private int NextNode()
    {
        var now = time.GetTimestamp();
        var first = (int)((uint)Interlocked.Increment(ref _nextNode) % nodes.Count);
        var leastSuspect = first;
        for (var i = 0; i < nodes.Count; i++)
        {
            var candidate = (first + i) % nodes.Count;
            var until = Volatile.Read(ref _suspectUntil[candidate]);
            if (until <= now)
            {
                return candidate;
            }

            if (until < Volatile.Read(ref _suspectUntil[leastSuspect]))
            {
                leastSuspect = candidate;
            }
        }

        return leastSuspect;
    }

    // One document until it is decided or out of attempts. A member that does not answer within the hedge delay is
    // not waited on: the same document also goes to the next member (idempotent by hash), and new documents avoid the
    // silent one for a second. A client that sat on a frozen or cut-off member until its deadline kept the
    // acknowledgements near zero for seconds after a new leader was elected.
    private async Task IssueAsync(DrillDocument document, CancellationToken token)
    {
        await ledger.RecordAsync(document.Hash, LedgerState.Submitted);
        Interlocked.Increment(ref _submitted);
        // Cancels the sends still out once the document is decided: their outcome is unknown, and the history says so.
        using var decided = CancellationTokenSource.CreateLinkedTokenSource(token);
        var sends = new Dictionary<Task<NodeAnswer>, int>();
        var delay = options.RetryDelay;
        var last = "not sent";
        var attempts = 0;
        try
        {
            while (true)
            {
                if (sends.Count == 0)
                {
                    if (attempts == options.MaxAttempts)
                    {
                        _unfinished[document.Hash] = $"gave up after {options.MaxAttempts} attempts; last: {last}";
                        return;
                    }

                    if (attempts > 0)
                    {
                        await Task.Delay(delay, time, token);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                    }

                    Send();
                }

                var hedge = attempts < options.MaxAttempts ? Task.Delay(options.HedgeAfter, time, decided.Token) : Task.Delay(Timeout.Infinite, decided.Token);
                var finished = await Task.WhenAny([.. sends.Keys, hedge]);
                if (finished == hedge)
                {
                    foreach (var silent in sends.Values)
                    {
                        Suspect(silent);
                    }

                    Send();
                    continue;
                }

                var send = (Task<NodeAnswer>)finished;
                var nodeIndex = sends[send];
                sends.Remove(send);
                try
                {
                    var answer = await send;
                    var node = nodes[nodeIndex];
                    if (answer.IsSuccess)
                    {
                        Trust(nodeIndex);
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

                    // 503 and the like: this member cannot take writes now (no leader it can reach); try the others first.
                    Suspect(nodeIndex);
                }
                catch (NodeUnreachableException e)
                {
                    // The node died or stalled: the same document goes to the next node after a pause, and the node is
                    // skipped for a second, as a client with a member list would.
                    last = e.Message;
                    Suspect(nodeIndex);
                }
            }
        }
        finally
        {
            await decided.CancelAsync();
            // Observed, so that a send that fails after the document was decided is not an unobserved task exception.
            _ = Task.WhenAll(sends.Keys).ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        void Send()
        {
            var nodeIndex = NextNode();
            attempts++;
            var node = key?.Current is { } current ? nodes[nodeIndex].WithIssuerKey(current) : nodes[nodeIndex];
            sends[node.IssueAsync(document, decided.Token)] = nodeIndex;
        }
    }

    // A member that answered is trusted again at once: during an election every member is silent or answers 503 and
    // is suspected, and a suspicion outliving the election would send documents to the one still frozen.
    private void Trust(int nodeIndex)
    {
        Volatile.Write(ref _suspicions[nodeIndex], 0);
        Volatile.Write(ref _suspectUntil[nodeIndex], 0);
    }

    // Skipped for a second, then two, four, up to eight while it stays silent: a member cut off for seconds would
    // otherwise take a document every second and hold it until the hedge. Its first answer clears the suspicion.
    private void Suspect(int nodeIndex)
    {
        var times = Math.Min(Interlocked.Increment(ref _suspicions[nodeIndex]), 4);
        Volatile.Write(ref _suspectUntil[nodeIndex], time.GetTimestamp() + (time.TimestampFrequency << (times - 1)));
    }
}
