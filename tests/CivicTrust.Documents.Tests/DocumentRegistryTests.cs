
namespace CivicTrust.Documents.Tests;

public sealed class DocumentRegistryTests
{
    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void First_issue_commits_and_retries_are_absorbed_with_the_original_record()
    {
        var registry = new DocumentRegistry();
        var first = registry.Apply(1, 1, DocumentCommand.Issue(HashOf(1), "a"));
        var retry = registry.Apply(2, 1, DocumentCommand.Issue(HashOf(1), "b"));
        var retryInNewTerm = registry.Apply(3, 2, DocumentCommand.Issue(HashOf(1), "a"));

        Assert.Equal(ApplyOutcome.Issued, first.Outcome);
        Assert.Equal(new DocumentRecord(HashOf(1), DocumentStatus.Committed, 1, 1, "a"), first.Record);
        Assert.Equal(ApplyOutcome.DuplicateIssue, retry.Outcome);
        Assert.Equal(first.Record, retry.Record);
        Assert.Equal(first.Record, retryInNewTerm.Record);
        Assert.Equal(new RegistryStatistics(3, 1, 0, 2, 0), registry.Statistics);
        Assert.Single(registry.ReadLog(0, 100));
    }

    [Fact]
    public void Abort_then_issue_refuses_the_issue_forever()
    {
        var registry = new DocumentRegistry();
        Assert.Equal(ApplyOutcome.Aborted, registry.Apply(1, 1, DocumentCommand.Abort(HashOf(7))).Outcome);

        var late = registry.Apply(2, 1, DocumentCommand.Issue(HashOf(7), "late retry"));
        var later = registry.Apply(3, 5, DocumentCommand.Issue(HashOf(7), "much later"));

        Assert.Equal(ApplyOutcome.IssueRefused, late.Outcome);
        Assert.Equal(ApplyOutcome.IssueRefused, later.Outcome);
        Assert.Equal(new DocumentRecord(HashOf(7), DocumentStatus.Aborted, 1, 1, null), registry.Find(HashOf(7)));
        Assert.Equal(new RegistryStatistics(3, 0, 1, 0, 2), registry.Statistics);
    }

    [Fact]
    public void Issue_then_abort_refuses_the_abort_and_keeps_the_document()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(8), "a"));

        var abort = registry.Apply(2, 1, DocumentCommand.Abort(HashOf(8)));

        Assert.Equal(ApplyOutcome.AbortRefused, abort.Outcome);
        Assert.Equal(DocumentStatus.Committed, abort.Record!.Status);
        Assert.Equal(1, abort.Record.Index);
        Assert.Equal(DocumentStatus.Committed, registry.Find(HashOf(8))!.Status);
    }

    [Fact]
    public void Repeated_aborts_are_absorbed()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Abort(HashOf(9)));
        Assert.Equal(ApplyOutcome.DuplicateAbort, registry.Apply(2, 1, DocumentCommand.Abort(HashOf(9))).Outcome);
        Assert.Equal(1, registry.Statistics.DuplicatesSkipped);
    }

    [Fact]
    public void Replicas_applying_the_same_racy_log_reach_the_same_state()
    {
        // Concurrent clients race issues, retries and aborts of the same hashes; Raft orders them into one log.
        // Every replica must decide each hash the same way, with the first terminal entry winning.
        var random = new Random(42);
        var log = new List<DocumentCommand>();
        for (var i = 0; i < 5_000; i++)
        {
            var hash = HashOf(random.Next(300));
            log.Add(random.Next(4) == 0 ? DocumentCommand.Abort(hash) : DocumentCommand.Issue(hash, "client-" + random.Next(8)));
        }

        var left = new DocumentRegistry();
        var right = new DocumentRegistry();
        for (var i = 0; i < log.Count; i++)
        {
            left.Apply(i + 1, 1 + (i / 1000), log[i]);
            right.Apply(i + 1, 1 + (i / 1000), log[i]);
        }

        var leftLog = left.ReadLog(0, int.MaxValue);
        Assert.Equal(leftLog, right.ReadLog(0, int.MaxValue));
        Assert.Equal(leftLog.Count, leftLog.Select(e => e.Hash).Distinct().Count());
        foreach (var entry in leftLog)
        {
            var firstIndex = log.FindIndex(c => c.Hash == entry.Hash) + 1;
            Assert.Equal(firstIndex, entry.Index);
            Assert.Equal(log[firstIndex - 1].Kind, entry.Kind);
        }

        var stats = left.Statistics;
        Assert.Equal(log.Count, stats.LastApplied);
        Assert.Equal(leftLog.Count, stats.Documents + stats.Aborted);
        Assert.Equal(stats, right.Statistics);
    }

    [Fact]
    public void Entries_at_or_below_last_applied_are_not_applied_twice()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(1), "a"));
        registry.Apply(2, 1, DocumentCommand.Issue(HashOf(1), "a"));

        var replay = registry.Apply(2, 1, DocumentCommand.Issue(HashOf(1), "a"));
        var replayOfUnknown = registry.Apply(1, 1, DocumentCommand.Issue(HashOf(2), "a"));

        Assert.Equal(ApplyOutcome.AlreadyApplied, replay.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, replayOfUnknown.Outcome);
        Assert.Null(registry.Find(HashOf(2)));
        Assert.Equal(1, registry.Statistics.DuplicatesSkipped);
    }

    [Fact]
    public void Skipped_entries_advance_last_applied()
    {
        var registry = new DocumentRegistry();
        registry.Skip(4);
        Assert.Equal(4, registry.Statistics.LastApplied);
        Assert.Equal(ApplyOutcome.AlreadyApplied, registry.Apply(3, 1, DocumentCommand.Issue(HashOf(1), "a")).Outcome);
    }

    [Fact]
    public void ReadLog_pages_by_index()
    {
        var registry = new DocumentRegistry();
        for (var i = 1; i <= 10; i++)
        {
            registry.Apply(i * 2, 1, DocumentCommand.Issue(HashOf(i), "a")); // indices 2, 4, ..., 20
        }

        Assert.Equal([6L, 8L, 10L], registry.ReadLog(5, 3).Select(e => e.Index));
        Assert.Equal([20L], registry.ReadLog(20, 3).Select(e => e.Index));
        Assert.Empty(registry.ReadLog(21, 3));
        Assert.Equal(10, registry.ReadLog(0, 1000).Count);
        Assert.Empty(registry.ReadLog(0, 0));
    }

    [Fact]
    public async Task Reads_while_applying_see_a_consistent_state()
    {
        var registry = new DocumentRegistry();
        using var done = new CancellationTokenSource();
        var readerStarted = new TaskCompletionSource();
        var reader = Task.Run(() =>
        {
            readerStarted.SetResult();
            var checks = 0;
            while (!done.IsCancellationRequested)
            {
                var stats = registry.Statistics;
                var log = registry.ReadLog(0, int.MaxValue);
                Assert.True(log.Count >= stats.Documents, "the log lags the counters it was read after");
                checks++;
            }

            return checks;
        });

        await readerStarted.Task;
        for (var i = 1; i <= 20_000; i++)
        {
            registry.Apply(i, 1, DocumentCommand.Issue(HashOf(i % 5_000), "a"));
        }

        done.Cancel();
        Assert.True(await reader > 0);
        Assert.Equal(new RegistryStatistics(20_000, 5_000, 0, 15_000, 0), registry.Statistics);
    }
}
