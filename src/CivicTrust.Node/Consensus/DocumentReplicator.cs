using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Telemetry;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Leader side of a write, with group commit: commands that arrive while <see cref="ClusterOptions.MaxEntriesInFlight"/>
/// entries are already replicating wait in a queue and leave together, as one log entry, when an entry commits. One
/// client alone still gets an entry of its own at once; 64 clients share an entry per round trip, so the per-entry
/// costs (WAL append and flush, replication to each follower, commit wake-up, apply on every member) are paid once per
/// batch. Each request still gets its own command's result: the state machine applies a batch command by command, in
/// order, with the same de-duplication as across entries.
/// </summary>
public sealed class DocumentReplicator(ICommitLog log, PendingDocuments pending, ClusterOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<Submission> _queue = new();
    private int _inFlight;

    /// <summary>Replicates <paramref name="command"/> and returns what applying it did.</summary>
    /// <exception cref="DotNext.Net.Cluster.Consensus.Raft.NotLeaderException">This node is not (or stopped being) the leader: the outcome is unknown.</exception>
    /// <exception cref="CommitTimeoutException">No commit within the configured time: the outcome is unknown.</exception>
    public async Task<ApplyResult> ReplicateAsync(DocumentCommand command, CancellationToken token)
    {
        var submission = new Submission(command);
        using (command.Kind == DocumentCommandKind.Issue ? pending.Track(command.Hash, command.Issuer) : default(PendingDocuments.Scope?))
        {
            Submit(submission);
            try
            {
                return await submission.Result.Task.WaitAsync(options.CommitTimeout, time, token);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Not sent yet: it never will be. Sent: it may still commit; either way the caller's outcome is unknown.
                submission.Result.TrySetCanceled(CancellationToken.None);
                throw e is TimeoutException ? new CommitTimeoutException(options.CommitTimeout, e) : e;
            }
        }
    }

    private void Submit(Submission submission)
    {
        List<Submission>? batch = null;
        lock (_gate)
        {
            _queue.Enqueue(submission);
            if (_inFlight < options.MaxEntriesInFlight)
            {
                _inFlight++;
                batch = TakeBatch();
            }
        }

        if (batch is not null)
        {
            _ = SendAsync(batch);
        }
    }

    // One sender per entry in flight: after its entry commits it takes whatever queued meanwhile, until nothing has.
    private async Task SendAsync(List<Submission>? batch)
    {
        while (batch is not null)
        {
            if (batch.Count > 0)
            {
                await SendBatchAsync(batch);
            }

            lock (_gate)
            {
                batch = _queue.Count > 0 ? TakeBatch() : null;
                if (batch is null)
                {
                    _inFlight--;
                }
            }
        }
    }

    // Called under the gate. Skips submissions whose caller gave up before they were sent.
    private List<Submission> TakeBatch()
    {
        var batch = new List<Submission>(Math.Min(_queue.Count, options.MaxBatchSize));
        while (batch.Count < options.MaxBatchSize && _queue.TryDequeue(out var next))
        {
            if (!next.Result.Task.IsCompleted)
            {
                batch.Add(next);
            }
        }

        return batch;
    }

    private async Task SendBatchAsync(List<Submission> batch)
    {
        var commands = new DocumentCommand[batch.Count];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = batch[i].Command;
        }

        NodeTelemetry.BatchSize.Record(commands.Length);
        var payload = DocumentBatch.Encode(commands);
        var ticket = new ReplicationTicket(payload);
        try
        {
            using var deadline = new CancellationTokenSource(options.CommitTimeout, time);
            await log.ReplicateAsync(payload, ticket, deadline.Token);

            // ReplicateAsync returns once the entry's index is committed and applied here. An unfilled ticket means the
            // index holds another leader's entry now (this node was deposed before its own committed): these
            // commands may or may not be committed elsewhere, which is "outcome unknown", as for a lost leadership.
            var results = ticket.Results is { } applied && applied.Length == batch.Count
                ? applied
                : throw new NotLeaderException();
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception e)
        {
            var failure = e is OperationCanceledException ? new CommitTimeoutException(options.CommitTimeout, e) : e;
            foreach (var submission in batch)
            {
                submission.Result.TrySetException(failure);
            }
        }
    }

    // Continuations run on the pool: completing a batch must not write every request's answer on this thread.
    private sealed class Submission(DocumentCommand command)
    {
        public DocumentCommand Command { get; } = command;

        public TaskCompletionSource<ApplyResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
