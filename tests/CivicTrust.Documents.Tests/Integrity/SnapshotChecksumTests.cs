namespace CivicTrust.Documents.Tests.Integrity;

public sealed class SnapshotChecksumTests
{
    private static byte[] Snapshot()
    {
        var registry = new DocumentRegistry();
        for (var i = 1; i <= 20; i++)
        {
            registry.Apply(i, 1, DocumentCommand.Issue(i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), "registry"));
        }

        using var buffer = new MemoryStream();
        registry.WriteSnapshot(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void A_whole_snapshot_restores()
    {
        var registry = new DocumentRegistry();
        registry.RestoreSnapshot(new MemoryStream(Snapshot()));

        Assert.Equal(20, registry.Statistics.Documents);
    }

    [Fact]
    public void A_flipped_bit_anywhere_is_refused_before_anything_is_restored()
    {
        var snapshot = Snapshot();
        var random = new Random(19);
        for (var trial = 0; trial < 200; trial++)
        {
            var damaged = (byte[])snapshot.Clone();
            var bit = random.Next(damaged.Length * 8);
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var registry = new DocumentRegistry();
            registry.Apply(1, 1, DocumentCommand.Issue(new string('f', 64), "kept"));

            Assert.Throws<InvalidDataException>(() => registry.RestoreSnapshot(new MemoryStream(damaged)));
            Assert.Equal(1, registry.Statistics.Documents);
        }
    }

    [Fact]
    public void A_flipped_entry_count_is_refused_without_allocating_it()
    {
        var damaged = Snapshot();
        damaged[4 + 4 + 8 + 8 + 8 + 3] ^= 0x40; // the top byte of the entry count

        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(new MemoryStream(damaged)));
    }

    [Fact]
    public void Zeroed_pages_are_refused()
    {
        var damaged = Snapshot();
        Array.Clear(damaged, 64, Math.Min(4096, damaged.Length - 64));

        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(new MemoryStream(damaged)));
    }

    [Fact]
    public void A_truncated_snapshot_is_refused()
    {
        var snapshot = Snapshot();

        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(new MemoryStream(snapshot[..^1])));
        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(new MemoryStream(snapshot[..5])));
    }

    [Fact]
    public void A_snapshot_of_the_previous_version_is_refused()
    {
        var snapshot = Snapshot();
        var previous = snapshot[..^Documents.Integrity.SnapshotChecksum.Length];
        previous[4] = 2; // version 2 wrote no checksum

        var error = Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(new MemoryStream(previous)));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }
}
