namespace CivicTrust.Documents.Tests;

/// <summary>A batched entry applies command by command, with the rules of separate entries, at its positions.</summary>
public sealed class DocumentRegistryBatchTests
{
    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Each_command_of_a_batch_is_decided_as_if_it_were_an_entry_of_its_own()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(9), "a"));

        var results = registry.ApplyBatch(2, 1,
        [
            DocumentCommand.Issue(HashOf(1), "a"),
            DocumentCommand.Issue(HashOf(1), "a"), // retry within the batch
            DocumentCommand.Abort(HashOf(2)),
            DocumentCommand.Issue(HashOf(2), "a"), // fenced by the command before it
            DocumentCommand.Abort(HashOf(9)), // committed in an earlier entry
        ]);

        Assert.Equal(
            [ApplyOutcome.Issued, ApplyOutcome.DuplicateIssue, ApplyOutcome.Aborted, ApplyOutcome.IssueRefused, ApplyOutcome.AbortRefused],
            results.Select(r => r.Outcome));
        Assert.Equal(new DocumentRecord(HashOf(1), DocumentStatus.Committed, 2, 1, "a", 0), registry.Find(HashOf(1)));
        Assert.Equal(new DocumentRecord(HashOf(2), DocumentStatus.Aborted, 2, 1, null, 2), registry.Find(HashOf(2)));
        Assert.Equal(new RegistryStatistics(2, 2, 1, 1, 1), registry.Statistics);
        Assert.Equal([(1L, 0), (2L, 0), (2L, 2)], registry.ReadLog(0, 100).Select(e => (e.Index, e.Position)));
        Assert.Equal(
            [(2L, 0, EntryEffect.Issued), (2L, 1, EntryEffect.Absorbed), (2L, 2, EntryEffect.Aborted), (2L, 3, EntryEffect.Refused), (2L, 4, EntryEffect.Refused)],
            registry.ReadRawLog(2, 100).Entries.Select(e => (e.Index, e.Position, e.Effect)));
    }

    [Fact]
    public void A_replayed_batch_changes_nothing()
    {
        var registry = new DocumentRegistry();
        DocumentCommand[] batch = [DocumentCommand.Issue(HashOf(1), "a"), DocumentCommand.Issue(HashOf(2), "a")];
        registry.ApplyBatch(1, 1, batch);
        var statistics = registry.Statistics;

        var replay = registry.ApplyBatch(1, 1, batch);

        Assert.All(replay, r => Assert.Equal(ApplyOutcome.AlreadyApplied, r.Outcome));
        Assert.Equal(registry.Find(HashOf(2)), replay[1].Record);
        Assert.Equal(statistics, registry.Statistics);
    }

    [Fact]
    public void Pages_end_between_log_entries_so_paging_on_from_the_last_index_misses_nothing()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(1), "a"));
        registry.ApplyBatch(2, 1, [.. Enumerable.Range(2, 3).Select(n => DocumentCommand.Issue(HashOf(n), "a"))]);
        registry.Apply(3, 1, DocumentCommand.Issue(HashOf(5), "a"));

        // A limit of 2 would cut the batch at index 2 after its first document: the page stops before the batch.
        Assert.Equal([1L], registry.ReadLog(0, 2).Select(e => e.Index));
        Assert.Equal([1L], registry.ReadRawLog(0, 2).Entries.Select(e => e.Index));

        // A batch larger than the limit at the start of a page comes whole, or paging would never move.
        Assert.Equal([0, 1, 2], registry.ReadLog(2, 2).Select(e => e.Position));
        Assert.Equal([0, 1, 2], registry.ReadRawLog(2, 1).Entries.Select(e => e.Position));

        var paged = new List<AppliedEntry>();
        for (long from = 0; ;)
        {
            var page = registry.ReadLog(from, 2);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            from = page[^1].Index + 1;
        }

        Assert.Equal(registry.ReadLog(0, 100), paged);
    }

    [Fact]
    public void A_snapshot_keeps_the_positions()
    {
        var source = new DocumentRegistry();
        source.ApplyBatch(1, 1, [DocumentCommand.Issue(HashOf(1), "a"), DocumentCommand.Abort(HashOf(2)), DocumentCommand.Issue(HashOf(3), "b")]);
        using var buffer = new MemoryStream();
        source.WriteSnapshot(buffer);
        buffer.Position = 0;

        var restored = new DocumentRegistry();
        restored.RestoreSnapshot(buffer);

        Assert.Equal(source.ReadLog(0, 100), restored.ReadLog(0, 100));
        Assert.Equal(2, restored.Find(HashOf(3))!.Position);
    }

    [Fact]
    public void A_snapshot_written_before_batching_is_refused()
    {
        // Format version 1, as nodes before group commit wrote it: no positions, and no checksum to show it whole.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0x53445443u);
            writer.Write(1);
            writer.Write(7L); // last applied
            writer.Write(2L); // duplicates skipped
            writer.Write(0L); // issues refused
            writer.Write(1);
            writer.Write(5L);
            writer.Write(3L);
            writer.Write((byte)DocumentCommandKind.Issue);
            writer.Write(Convert.FromHexString(HashOf(1)));
            writer.Write("issuer");
        }

        buffer.Position = 0;
        var restored = new DocumentRegistry();

        Assert.Throws<InvalidDataException>(() => restored.RestoreSnapshot(buffer));
        Assert.Equal(0, restored.Statistics.Documents);
    }
}
