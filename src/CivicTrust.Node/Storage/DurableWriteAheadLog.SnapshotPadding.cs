using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Storage;

/// <summary>
/// One race of DotNext's snapshot install closed: before a snapshot from the leader is installed beyond this member's
/// last entry, the indexes in between are filled with empty placeholder entries.
/// </summary>
/// <remarks>
/// DotNext 6.12's background flusher reads the snapshot index before it takes its lock. When a snapshot install at
/// index S lands in between (the follower's log ending at T &lt; S, a flush pending, e.g. of a commit index a heartbeat
/// just moved), the flusher then flushes the metadata of T+1..S, which were never written: the page holding S may not
/// exist, the flush fails with <c>MissingPageException</c>, and every later append on this member fails with it, for
/// ever. Seen in about one disk-corruption drill in six with snapshots every 40 entries (a repaired member received two
/// snapshot installs); reproduced in a test on the log alone 199 times in 200. Any follower that is sent a snapshot
/// can meet it. With the placeholders every page the stale flush touches exists. They are never applied (the snapshot
/// covers them) and never committed otherwise: if the install fails, term 0 matches no leader's entry and the leader
/// overwrites them. See docs/platform.md, "Snapshot install race".
/// </remarks>
public sealed partial class DurableWriteAheadLog
{
    // RaftCluster installs a snapshot through this interface, so re-implementing it here puts the padding in its path.
    async ValueTask IAuditTrail<IRaftLogEntry>.AppendAsync<TEntry>(TEntry entry, long startIndex, CancellationToken token)
    {
        if (entry.IsSnapshot && startIndex > LastEntryIndex)
        {
            var from = LastEntryIndex + 1;
            await AppendAsync(new Placeholders(startIndex - from + 1), from, skipCommitted: false, token);
        }

        await AppendAsync(entry, startIndex, token);
    }

    private sealed class Placeholders(long count) : ILogEntryProducer<BinaryLogEntry>
    {
        private long _remaining = count;

        public long RemainingCount => _remaining;

        public BinaryLogEntry Current => new() { Term = 0, Content = ReadOnlyMemory<byte>.Empty };

        public ValueTask<bool> MoveNextAsync() => new(_remaining-- > 0);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
