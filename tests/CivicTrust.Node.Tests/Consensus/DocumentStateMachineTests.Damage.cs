using CivicTrust.Documents;
using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Storage.Integrity;
using DotNext.IO;

namespace CivicTrust.Node.Tests.Consensus;

/// <summary>Damage at rest in a real write-ahead log and snapshot: found when read back, reported, never applied.</summary>
public sealed partial class DocumentStateMachineTests
{
    private string DataChunk => Path.Combine(_directory, "wal", "data", "0");

    // Flips one bit in the first place the chunk holds the given entry's payload.
    private void FlipBitOfEntry(byte[] payload, int bit = 3)
    {
        var bytes = File.ReadAllBytes(DataChunk);
        var offset = bytes.AsSpan().IndexOf(payload);
        Assert.True(offset >= 0, "the entry is in the first chunk");
        using var file = new FileStream(DataChunk, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset + payload.Length - 1 - (bit / 8);
        var value = (byte)file.ReadByte();
        file.Position--;
        file.WriteByte((byte)(value ^ (1 << (bit % 8))));
    }

    private static byte[] SealedIssue(int n) => EntrySeal.Seal(1, DocumentCommand.Issue(HashOf(n), "test").Encode());

    private async Task WaitForDamageAsync()
    {
        for (var i = 0; i < 500 && _integrity.Damage is null; i++)
        {
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_flipped_bit_in_a_logged_entry_is_found_at_replay_reported_with_its_index_and_not_applied()
    {
        await OpenAsync();
        await IssueAsync(5);
        await CloseAsync();
        FlipBitOfEntry(SealedIssue(3));

        await OpenAsync();
        await WaitForDamageAsync();

        var damage = Assert.IsType<StorageDamage>(_integrity.Damage);
        Assert.Equal((StorageDamage.LogArea, "wal entry 3", 3L), (damage.Area, damage.Location, damage.Index));
        Assert.Contains("checksum mismatch", damage.Detail, StringComparison.Ordinal);
        Assert.Equal(StorageState.Damaged, _integrity.State);
        Assert.Equal(2, _registry.Statistics.Documents); // entries 1-2 applied; 3 damaged, 4-5 passed over
        Assert.Null(_registry.Find(HashOf(3)));
        Assert.Null(_registry.Find(HashOf(4)));
    }

    [Fact]
    public async Task An_unsealed_entry_is_damage_not_a_document()
    {
        var log = await OpenAsync();
        await IssueAsync(1);
        await log.AppendAsync(new DotNext.Net.Cluster.Consensus.Raft.BinaryLogEntry { Term = 1, Content = DocumentCommand.Issue(HashOf(9), "unsealed").Encode() });
        await log.CommitAsync(2);
        await WaitForDamageAsync();

        Assert.Equal(2, _integrity.Damage?.Index);
        Assert.Contains("no seal", _integrity.Damage!.Detail, StringComparison.Ordinal);
        Assert.Null(_registry.Find(HashOf(9)));
    }

    [Fact]
    public async Task An_intact_log_replays_without_damage()
    {
        await OpenAsync();
        await IssueAsync(5);
        await CloseAsync();

        var log = await OpenAsync();
        await log.WaitForApplyAsync(5);

        Assert.Null(_integrity.Damage);
        Assert.Equal(5, _registry.Statistics.Documents);
    }

    [Fact]
    public async Task A_damaged_snapshot_is_reported_by_name_and_nothing_of_it_restored()
    {
        await OpenAsync();
        await IssueAsync(Interval);
        await WaitForSnapshotFilesAsync(1);
        await IssueAsync(Interval / 2);
        Assert.Equal(10, _stateMachine!.Snapshot?.Index);
        await CloseAsync();
        var snapshot = Path.Combine(_directory, "snapshots", "10-1");
        var bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(snapshot, bytes);

        await OpenAsync();

        var damage = Assert.IsType<StorageDamage>(_integrity.Damage);
        Assert.Equal((StorageDamage.SnapshotArea, "snapshots/10-1", 10L), (damage.Area, damage.Location, damage.Index));
        Assert.Equal(0, _registry.Statistics.Documents);
    }

    [Fact]
    public async Task A_damaged_segment_is_reported_with_its_snapshot_and_its_own_name()
    {
        await OpenAsync();
        await IssueAsync(Interval);
        await WaitForSnapshotFilesAsync(1);
        await IssueAsync(Interval / 2);
        await CloseAsync();
        var segment = Path.Combine(_directory, "snapshots", "rows.0.10");
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(segment, bytes);

        await OpenAsync();

        var damage = Assert.IsType<StorageDamage>(_integrity.Damage);
        Assert.Equal((StorageDamage.SnapshotArea, "snapshots/10-1", 10L), (damage.Area, damage.Location, damage.Index));
        Assert.StartsWith("rows.0.10: ", damage.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _registry.Statistics.Documents);
    }

    [Fact]
    public async Task A_snapshot_damaged_after_it_was_written_is_never_sent()
    {
        await OpenAsync();
        await IssueAsync(Interval);
        await WaitForSnapshotFilesAsync(1);
        await IssueAsync(Interval / 2);
        var published = Assert.IsType<SnapshotFile>(_stateMachine!.Snapshot);
        var bytes = File.ReadAllBytes(published.File.FullName);
        bytes[20] ^= 0x01;
        File.WriteAllBytes(published.File.FullName, bytes);

        using var sent = new MemoryStream();
        await Assert.ThrowsAsync<InvalidDataException>(() => published.WriteToAsync(IAsyncBinaryWriter.Create(sent, new byte[4096]), CancellationToken.None).AsTask());

        Assert.Equal(0, sent.Length);
        Assert.Equal(StorageDamage.SnapshotArea, _integrity.Damage?.Area);
    }
}
