using System.Buffers.Binary;
using CivicTrust.Documents;
using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Storage;
using CivicTrust.Node.Storage.Integrity;
using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Storage;

/// <summary>
/// The log as DotNext's handlers drive it, over a real write-ahead log on disk: a follower's append followed by the
/// commit the leader sent returns only once the checkpoint names the appended entries and their new chunk files'
/// directories are flushed; a leader's own append and commit never wait here.
/// </summary>
public sealed class DurableWriteAheadLogDurableAppendTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-durable-").FullName;
    private readonly List<string> _directoriesFlushed = [];
    private readonly DurableWriteAheadLog _log;

    public DurableWriteAheadLogDurableAppendTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "snapshots"));
        var options = new ClusterOptions
        {
            Members = [new Uri("http://127.0.0.1:5101/")],
            PublicUrl = new Uri("http://127.0.0.1:5101/"),
            DataDir = _directory,
            NodeId = "test",
            RaftDeadlines = new(TimeSpan.FromMilliseconds(75)),
            RaftConnectTimeout = TimeSpan.FromMilliseconds(100),
        };
        var stateMachine = new DocumentStateMachine(
            options, new DocumentRegistry(), new StorageIntegrity(NullLogger<StorageIntegrity>.Instance, TimeProvider.System),
            NullLogger<DocumentStateMachine>.Instance);
        var wal = Path.Combine(_directory, "wal");
        _log = new DurableWriteAheadLog(new WriteAheadLog.Options { Location = wal }, stateMachine, new LogDirectorySync(wal, _directoriesFlushed.Add));
    }

    // DotNext reaches the log only through this interface.
    private IPersistentState State => _log;

    private static BinaryLogEntry Entry(int n) =>
        new() { Term = 1, Content = EntrySeal.Seal(1, DocumentCommand.Issue(n.ToString("x64"), "entry").Encode()) };

    // What DotNext 6.12's AppendEntries handler does before it answers "Replicated": append the leader's entries at
    // their index, then commit what the leader committed.
    private async Task AppendEntriesAsync(int count, long leaderCommit)
    {
        var start = State.LastEntryIndex + 1;
        var entries = Enumerable.Range((int)start, count).Select(Entry).ToList();
        await State.AppendAsync(new LogEntryProducer<BinaryLogEntry>(entries), start, skipCommitted: true);
        await State.CommitAsync(Math.Min(leaderCommit, State.LastEntryIndex));
    }

    // The checkpoint the log reloads from after a crash: { version, commit index, last index } (docs/durability.md).
    private long CheckpointLastIndex()
    {
        using var file = new FileStream(Path.Combine(_directory, "wal", "checkpoint"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> buffer = stackalloc byte[20];
        file.ReadExactly(buffer);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        return BinaryPrimitives.ReadInt64LittleEndian(buffer[12..]);
    }

    [Fact]
    public async Task A_followers_append_is_in_the_checkpoint_when_the_handler_may_answer()
    {
        await State.InitializeAsync();

        for (var round = 1; round <= 20; round++)
        {
            await AppendEntriesAsync(count: 3, leaderCommit: State.LastEntryIndex);
            Assert.Equal(State.LastEntryIndex, CheckpointLastIndex());
        }
    }

    [Fact]
    public async Task The_first_append_flushes_the_directories_its_new_chunk_files_were_created_in_and_the_next_ones_do_not()
    {
        await State.InitializeAsync();

        await AppendEntriesAsync(count: 1, leaderCommit: 0);
        Assert.Equal([Path.Combine(_directory, "wal", "data"), Path.Combine(_directory, "wal", "metadata")], _directoriesFlushed);

        await AppendEntriesAsync(count: 1, leaderCommit: 1);
        Assert.Equal(2, _directoriesFlushed.Count); // same chunk files: nothing new to name
    }

    [Fact]
    public async Task A_leaders_own_append_and_commit_leave_the_flush_to_DotNexts_commit()
    {
        await State.InitializeAsync();

        var index = await State.AppendAsync(Entry(1));
        await State.CommitAsync(index);

        Assert.Empty(_directoriesFlushed); // the follower's wait never ran
        Assert.Equal(index, CheckpointLastIndex()); // DotNext's commit waited for its own flush
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
