using CivicTrust.Node.Storage;
using DotNext.IO;
using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Tests.Storage;

/// <summary>
/// DotNext's snapshot-install race, on the log alone, as a follower meets it: a snapshot installed, a few appends, a
/// commit that wakes the flusher, a second snapshot beyond the log's end at once, then appends. With DotNext's own
/// <see cref="WriteAheadLog"/> the flusher fails with <c>MissingPageException</c> in almost every run (199 of 200
/// measured) and every later append fails with it; with <see cref="DurableWriteAheadLog"/> every run ends with every
/// entry applied.
/// </summary>
public sealed class DurableWriteAheadLogSnapshotPaddingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-install-").FullName;

    [Fact]
    public async Task A_second_snapshot_installed_beyond_the_log_while_a_flush_is_pending_leaves_the_log_appendable()
    {
        for (var run = 0; run < 10; run++)
        {
            var stateMachine = new LastAppliedStateMachine();
            var wal = Path.Combine(_directory, $"run-{run}", "wal");
            var log = new DurableWriteAheadLog(
                new WriteAheadLog.Options { Location = wal, ChunkSize = 1024 * 1024 }, stateMachine, new LogDirectorySync(wal, _ => { }));
            IPersistentState state = log;
            try
            {
                await state.InitializeAsync();
                await InstallAsync(state, 614);
                for (var start = 615L; start <= 630; start += 4)
                {
                    await AppendEntriesAsync(state, start, 4, start - 1);
                }

                await state.CommitAsync(630); // a heartbeat's commit index: wakes the flusher, does not wait for it
                await InstallAsync(state, 654); // the log ends at 630, in the metadata page before 654's
                await Task.Delay(20);
                for (var start = 655L; start <= 800; start += 8)
                {
                    await AppendEntriesAsync(state, start, 8, start - 1);
                }

                await state.CommitAsync(state.LastEntryIndex);
                await state.WaitForApplyAsync(state.LastEntryIndex);
                Assert.Equal(806, stateMachine.LastApplied);
            }
            finally
            {
                await log.DisposeAsync();
            }
        }
    }

    // What a follower's AppendEntries does with the leader's entries: append at the index, commit what the leader committed.
    private static async Task AppendEntriesAsync(IPersistentState log, long start, int count, long leaderCommit)
    {
        var entries = Enumerable.Range(0, count).Select(_ => new BinaryLogEntry { Term = 3, Content = new byte[40] }).ToList();
        await log.AppendAsync(new LogEntryProducer<BinaryLogEntry>(entries), start, skipCommitted: true);
        await log.CommitAsync(Math.Min(leaderCommit, log.LastEntryIndex));
    }

    // What a follower's InstallSnapshot hands the log.
    private static ValueTask InstallAsync(IPersistentState log, long index) =>
        ((IAuditTrail<IRaftLogEntry>)log).AppendAsync(new ReceivedSnapshot(), index);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class ReceivedSnapshot : IRaftLogEntry
    {
        public long Term => 3;

        public bool IsSnapshot => true;

        public bool IsReusable => true;

        public long? Length => 256;

        public ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
            where TWriter : IAsyncBinaryWriter => writer.Invoke(new byte[256], token);
    }

    private sealed class LastAppliedStateMachine : IStateMachine
    {
        private volatile StoredSnapshot? _snapshot;

        public long LastApplied { get; private set; }

        public ISnapshot? Snapshot => _snapshot;

        public async ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
        {
            if (entry.IsSnapshot)
            {
                await Task.Yield();
                _snapshot = new StoredSnapshot(entry.Index, entry.Term);
            }

            return LastApplied = entry.Index;
        }

        public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;
    }

    private sealed class StoredSnapshot(long index, long term) : ISnapshot
    {
        public long Index => index;

        public long Term => term;

        public bool IsReusable => true;

        public long? Length => 256;

        public ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
            where TWriter : IAsyncBinaryWriter => writer.Invoke(new byte[256], token);
    }
}
