using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.Extensions.Time.Testing;

namespace CivicTrust.Node.Tests.Consensus;

/// <summary>
/// Group commit: writes that arrive while entries are in flight leave together as one entry, and every caller still
/// gets its own command's result, de-duplication included.
/// </summary>
public sealed class DocumentReplicatorTests
{
    private static readonly Uri Member = new("http://127.0.0.1:5101/");

    private readonly HeldCommitLog _log = new();
    private readonly PendingDocuments _pending = new();
    private readonly FakeTimeProvider _time = new();

    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private DocumentReplicator Replicator(int inFlight = 1, int batch = 256) => new(_log, _pending, Options(inFlight, batch), _time);

    private static ClusterOptions Options(int inFlight = 1, int batch = 256) => new()
    {
        Members = [Member],
        PublicUrl = Member,
        DataDir = "unused",
        NodeId = "test",
        RaftDeadlines = new(TimeSpan.FromMilliseconds(75)),
        RaftConnectTimeout = TimeSpan.FromMilliseconds(100),
        MaxEntriesInFlight = inFlight,
        MaxBatchSize = batch,
        CommitTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task A_lone_write_leaves_at_once_in_an_entry_of_its_own()
    {
        var write = Replicator().ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);

        var entry = await _log.NextAsync();
        Assert.Equal([DocumentCommand.Issue(HashOf(1), "a")], entry.Commands);
        Assert.True(_pending.Contains(HashOf(1)));
        entry.Commit();

        var result = await write;
        Assert.Equal(ApplyOutcome.Issued, result.Outcome);
        Assert.Equal(new DocumentRecord(HashOf(1), DocumentStatus.Committed, 1, 1, "a"), result.Record);
        Assert.False(_pending.Contains(HashOf(1)));
    }

    [Fact]
    public async Task Writes_queued_behind_an_entry_in_flight_leave_together_and_each_gets_its_own_result()
    {
        var replicator = Replicator(inFlight: 1);
        var first = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);
        var held = await _log.NextAsync();

        var queued = new[]
        {
            replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), CancellationToken.None),
            replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(3), "b"), CancellationToken.None),
            replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), CancellationToken.None), // a retry in the same batch
            replicator.ReplicateAsync(DocumentCommand.Abort(HashOf(1)), CancellationToken.None), // too late: 1 commits first
            replicator.ReplicateAsync(DocumentCommand.Abort(HashOf(4)), CancellationToken.None),
            replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(4), "a"), CancellationToken.None), // fenced just before
        };
        Assert.False(_log.HasWaiting); // nothing leaves while the one entry allowed in flight is out
        held.Commit();

        var batch = await _log.NextAsync();
        Assert.Equal(6, batch.Commands.Length);
        batch.Commit();

        Assert.Equal(ApplyOutcome.Issued, (await first).Outcome);
        var results = await Task.WhenAll(queued);
        Assert.Equal(
            [ApplyOutcome.Issued, ApplyOutcome.Issued, ApplyOutcome.DuplicateIssue, ApplyOutcome.AbortRefused, ApplyOutcome.Aborted, ApplyOutcome.IssueRefused],
            results.Select(r => r.Outcome));
        Assert.Equal(new DocumentRecord(HashOf(2), DocumentStatus.Committed, 2, 1, "a", 0), results[0].Record);
        Assert.Equal(new DocumentRecord(HashOf(3), DocumentStatus.Committed, 2, 1, "b", 1), results[1].Record);
        Assert.Equal(results[0].Record, results[2].Record);
        Assert.Equal(new DocumentRecord(HashOf(4), DocumentStatus.Aborted, 2, 1, null, 4), results[5].Record);
        Assert.Equal(2, _log.EntriesAppended);
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_configured_number_of_commands()
    {
        var replicator = Replicator(inFlight: 1, batch: 2);
        var writes = new List<Task<ApplyResult>> { replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(0), "a"), CancellationToken.None) };
        var held = await _log.NextAsync();
        for (var i = 1; i <= 5; i++)
        {
            writes.Add(replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(i), "a"), CancellationToken.None));
        }

        held.Commit();
        var sizes = new List<int>();
        while (sizes.Sum() < 5)
        {
            var entry = await _log.NextAsync();
            sizes.Add(entry.Commands.Length);
            entry.Commit();
        }

        Assert.Equal([2, 2, 1], sizes);
        Assert.All(await Task.WhenAll(writes), r => Assert.Equal(ApplyOutcome.Issued, r.Outcome));
    }

    [Fact]
    public async Task Entries_in_flight_up_to_the_limit_leave_without_waiting_for_each_other()
    {
        var replicator = Replicator(inFlight: 2);
        var first = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);
        var second = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), CancellationToken.None);
        var third = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(3), "a"), CancellationToken.None);

        var a = await _log.NextAsync();
        var b = await _log.NextAsync();
        Assert.False(_log.HasWaiting);
        b.Commit();
        var c = await _log.NextAsync();
        c.Commit();
        a.Commit();

        Assert.Equal([1, 2, 3], (await Task.WhenAll(first, second, third)).Select(r => (int)r.Record!.Index).Order());
    }

    [Fact]
    public async Task A_failed_entry_fails_every_write_in_it_with_the_cause()
    {
        var replicator = Replicator(inFlight: 1);
        var first = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);
        var held = await _log.NextAsync();
        var second = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), CancellationToken.None);
        var third = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(3), "a"), CancellationToken.None);
        held.Commit();

        (await _log.NextAsync()).Fail(new NotLeaderException());

        Assert.Equal(ApplyOutcome.Issued, (await first).Outcome);
        await Assert.ThrowsAsync<NotLeaderException>(() => second);
        await Assert.ThrowsAsync<NotLeaderException>(() => third);
        Assert.False(_pending.Contains(HashOf(2)));
    }

    [Fact]
    public async Task A_write_that_timed_out_in_the_queue_is_never_sent()
    {
        var stuckLog = new HeldCommitLog(honourCancellation: false);
        var replicator = new DocumentReplicator(stuckLog, _pending, Options(inFlight: 1), _time);
        var stuck = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);
        var held = await stuckLog.NextAsync(); // no quorum for now
        var queued = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(10));

        // Both callers hear "outcome unknown". When the stuck entry finally completes, the queued write, whose caller
        // has given up, does not leave after it.
        await Assert.ThrowsAsync<CommitTimeoutException>(() => stuck);
        await Assert.ThrowsAsync<CommitTimeoutException>(() => queued);
        Assert.False(_pending.Contains(HashOf(2)));
        held.Commit();
        var next = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(3), "a"), CancellationToken.None);
        var entry = await stuckLog.NextAsync();
        Assert.Equal([DocumentCommand.Issue(HashOf(3), "a")], entry.Commands);
        entry.Commit();
        Assert.Equal(ApplyOutcome.Issued, (await next).Outcome);
        Assert.Null(stuckLog.Registry.Find(HashOf(2)));
        Assert.Equal(2, stuckLog.EntriesAppended);
    }

    [Fact]
    public async Task An_entry_whose_ticket_stays_empty_answers_outcome_unknown()
    {
        // The index committed, but with another leader's entry (ReplicationTicket): not these commands' result.
        var replicator = Replicator();
        var write = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);

        (await _log.NextAsync()).CommitWithoutTicket();

        await Assert.ThrowsAsync<NotLeaderException>(() => write);
    }

    [Fact]
    public async Task A_caller_that_goes_away_gets_its_cancellation_and_the_others_their_results()
    {
        var replicator = Replicator(inFlight: 1);
        var first = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(1), "a"), CancellationToken.None);
        var held = await _log.NextAsync();
        using var gone = new CancellationTokenSource();
        var leaving = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(2), "a"), gone.Token);
        var staying = replicator.ReplicateAsync(DocumentCommand.Issue(HashOf(3), "a"), CancellationToken.None);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        held.Commit();
        var next = await _log.NextAsync();
        next.Commit();

        Assert.Equal([DocumentCommand.Issue(HashOf(3), "a")], next.Commands);
        Assert.Equal(ApplyOutcome.Issued, (await first).Outcome);
        Assert.Equal(ApplyOutcome.Issued, (await staying).Outcome);
    }
}
