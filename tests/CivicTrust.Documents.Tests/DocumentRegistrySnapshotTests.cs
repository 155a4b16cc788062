using CivicTrust.Documents.Integrity;

namespace CivicTrust.Documents.Tests;

public sealed class DocumentRegistrySnapshotTests
{
    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static DocumentRegistry Populated()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(1), "issuer-1"));
        registry.Apply(2, 1, DocumentCommand.Abort(HashOf(2)));
        registry.Apply(3, 2, DocumentCommand.Issue(HashOf(1), "issuer-1"));
        registry.Apply(4, 2, DocumentCommand.Issue(HashOf(2), "late"));
        registry.Apply(5, 2, DocumentCommand.Issue(HashOf(3), "Ünïcødé"));
        registry.Skip(6);
        return registry;
    }

    private static DocumentRegistry RoundTrip(DocumentRegistry source)
    {
        using var buffer = new MemoryStream();
        source.WriteSnapshot(buffer);
        buffer.Position = 0;
        var restored = new DocumentRegistry();
        restored.Apply(1, 1, DocumentCommand.Issue(HashOf(99), "stale state that restore must replace"));
        restored.RestoreSnapshot(buffer);
        return restored;
    }

    [Fact]
    public void Restore_reproduces_records_log_and_counters()
    {
        var source = Populated();
        var restored = RoundTrip(source);

        Assert.Equal(source.Statistics, restored.Statistics);
        Assert.Equal(source.ReadLog(0, 100), restored.ReadLog(0, 100));
        Assert.Equal(source.Find(HashOf(1)), restored.Find(HashOf(1)));
        Assert.Equal(source.Find(HashOf(2)), restored.Find(HashOf(2)));
        Assert.Equal("Ünïcødé", restored.Find(HashOf(3))!.Issuer);
        Assert.Null(restored.Find(HashOf(99)));
    }

    [Fact]
    public void A_restored_registry_keeps_enforcing_the_rules()
    {
        var restored = RoundTrip(Populated());

        Assert.Equal(ApplyOutcome.AlreadyApplied, restored.Apply(6, 2, DocumentCommand.Issue(HashOf(4), "replay")).Outcome);
        Assert.Equal(ApplyOutcome.DuplicateIssue, restored.Apply(7, 3, DocumentCommand.Issue(HashOf(1), "retry")).Outcome);
        Assert.Equal(ApplyOutcome.IssueRefused, restored.Apply(8, 3, DocumentCommand.Issue(HashOf(2), "retry")).Outcome);
        Assert.Equal(ApplyOutcome.Issued, restored.Apply(9, 3, DocumentCommand.Issue(HashOf(4), "new")).Outcome);
    }

    [Fact]
    public void A_captured_snapshot_holds_the_state_of_its_moment_while_applies_go_on()
    {
        var source = Populated();
        var captured = source.CaptureSnapshot();

        // The state machine writes a capture on another thread while the apply thread goes on.
        source.Apply(7, 3, DocumentCommand.Issue(HashOf(4), "after the capture"));
        source.Apply(8, 3, DocumentCommand.Abort(HashOf(5)));
        using var buffer = new MemoryStream();
        captured.WriteTo(buffer);
        buffer.Position = 0;
        var restored = new DocumentRegistry();
        restored.RestoreSnapshot(buffer);

        Assert.Equal(6, captured.LastApplied);
        Assert.Equal(3, captured.Documents);
        Assert.Equal(Populated().Statistics, restored.Statistics);
        Assert.Null(restored.Find(HashOf(4)));
        Assert.Null(restored.Find(HashOf(5)));
    }

    [Fact]
    public void Foreign_bytes_are_refused()
    {
        using var garbage = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(garbage));
    }

    [Fact]
    public void A_registry_larger_than_the_reader_s_buffer_restores_whole()
    {
        // About 9 MB of rows: the restore reads them in blocks, and rows straddle the blocks' ends.
        var source = new DocumentRegistry();
        foreach (var batch in Enumerable.Range(0, 150_000).Chunk(26))
        {
            var commands = batch.Select(n => n % 11 == 0
                ? DocumentCommand.Abort(HashOf(n))
                : DocumentCommand.Issue(HashOf(n), $"issuer-{n % 5}-{new string('x', n % 40)}")).ToArray();
            source.ApplyBatch(1 + (batch[0] / 26), 1, commands);
        }

        var restored = RoundTrip(source);

        Assert.Equal(150_000, restored.Statistics.Documents + restored.Statistics.Aborted);
        Assert.Equal(source.Statistics, restored.Statistics);
        Assert.True(source.ReadLog(0, int.MaxValue).SequenceEqual(restored.ReadLog(0, int.MaxValue)));
        Assert.Equal(source.Find(HashOf(149_999)), restored.Find(HashOf(149_999)));
    }

    [Fact]
    public void A_whole_snapshot_whose_rows_do_not_parse_is_refused_not_restored()
    {
        // A snapshot with a valid checksum over a row whose issuer claims 60,000 bytes: a writer's bug, never a crash.
        using var buffer = new MemoryStream();
        var hashing = SnapshotChecksum.Writer(buffer);
        using (var writer = new BinaryWriter(hashing, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0x53445443u);
            writer.Write(3);
            writer.Write(5L);
            writer.Write(0L);
            writer.Write(0L);
            writer.Write(1);
            writer.Write(5L);
            writer.Write(0);
            writer.Write(1L);
            writer.Write((byte)DocumentCommandKind.Issue);
            writer.Write(new byte[DocumentHash.ByteLength]);
            writer.Write(new string('x', 60_000));
        }

        hashing.WriteChecksum();
        buffer.Position = 0;
        var registry = Populated();

        var refused = Assert.Throws<InvalidDataException>(() => registry.RestoreSnapshot(buffer));
        Assert.Contains("60000 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Populated().Statistics, registry.Statistics);
    }
}
