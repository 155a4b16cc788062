namespace CivicTrust.Documents.Tests;

public sealed class DocumentRegistryRawLogTests
{
    private static string Hash(char c) => new(c, 64);

    [Fact]
    public void Every_applied_entry_is_listed_with_its_effect()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(Hash('a'), "x"));
        registry.Apply(2, 1, DocumentCommand.Issue(Hash('a'), "x"));   // retry
        registry.Apply(3, 1, DocumentCommand.Abort(Hash('a')));        // too late
        registry.Apply(4, 2, DocumentCommand.Abort(Hash('b')));
        registry.Apply(5, 2, DocumentCommand.Issue(Hash('b'), "x"));   // fenced
        registry.Apply(5, 2, DocumentCommand.Issue(Hash('c'), "x"));   // replay of an applied index: not an entry

        var page = registry.ReadRawLog(0, 100);

        Assert.Equal(1, page.AvailableFrom);
        Assert.Equal(
            [EntryEffect.Issued, EntryEffect.Absorbed, EntryEffect.Refused, EntryEffect.Aborted, EntryEffect.Refused],
            page.Entries.Select(e => e.Effect));
        Assert.Equal([1L, 2, 3, 4, 5], page.Entries.Select(e => e.Index));
        Assert.Equal(2, registry.ReadLog(0, 100).Count);
    }

    [Fact]
    public void A_snapshot_compacts_the_raw_log_and_a_restore_starts_it_after_the_snapshot()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(Hash('a'), "x"));
        registry.Apply(2, 1, DocumentCommand.Issue(Hash('a'), "x"));
        using var snapshot = new MemoryStream();
        registry.WriteSnapshot(snapshot);
        registry.Apply(3, 1, DocumentCommand.Issue(Hash('b'), "x"));

        var live = registry.ReadRawLog(0, 100);
        Assert.Equal(3, live.AvailableFrom);
        Assert.Equal([3L], live.Entries.Select(e => e.Index));

        var restored = new DocumentRegistry();
        snapshot.Position = 0;
        restored.RestoreSnapshot(snapshot);
        Assert.Equal(3, restored.ReadRawLog(0, 100).AvailableFrom);
        Assert.Empty(restored.ReadRawLog(0, 100).Entries);
    }

    [Fact]
    public void Pages_start_at_the_requested_index_and_respect_the_limit()
    {
        var registry = new DocumentRegistry();
        for (var i = 1; i <= 10; i++)
        {
            registry.Apply(i, 1, DocumentCommand.Issue(Hash((char)('a' + (i % 3))), "x"));
        }

        var page = registry.ReadRawLog(4, 3);

        Assert.Equal([4L, 5, 6], page.Entries.Select(e => e.Index));
    }
}
