using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Storage;

/// <summary>
/// A follower answers the leader's <c>AppendEntries</c> only once the entries it appended are on disk and recorded in
/// the checkpoint, so an acknowledged append survives this member's own SIGKILL and a power loss; and it waits for
/// that flush inside DotNext's handler, where its election timer is held.
/// </summary>
/// <remarks>
/// <para>
/// DotNext 6.12's follower answers as soon as the entries are copied into its memory-mapped log and flushes them in
/// the background; on restart the log keeps only what the last checkpoint names (<c>LastEntryIndex =
/// max(checkpoint.LastIndex, commit)</c>). A follower killed between its answer and that flush came back without
/// entries the leader had counted towards a majority, and a majority of such followers could elect a leader that
/// reused their indexes for other documents: acknowledged documents vanished (docs/durability.md).
/// </para>
/// <para>
/// DotNext's handler appends the leader's entries (<see cref="IAuditTrail{TEntry}.AppendAsync{TEntryImpl}(ILogEntryProducer{TEntryImpl}, long, bool, CancellationToken)"/>),
/// then moves the commit index the leader sent (<see cref="IAuditTrail.CommitAsync(long, CancellationToken)"/>), and
/// answers "Replicated" after both return, all inside its transition-suppression scope. The flush waits at the end
/// of the commit: one flusher pass then writes the new entries and the new commit index under one checkpoint, where
/// flushing right after the append would cost a second checkpoint write for the commit index. Waiting inside the
/// scope is the point: a follower's election timer does not run while it is held, so a slow flush of its own disk
/// can no longer time the follower out and start an election under load with no fault (it did, about once per
/// 15 minutes of load on fresh clusters, while the flush was awaited after the handler had returned).
/// </para>
/// <para>
/// The leader appends through the other overloads and commits through the same call: it never waits here, since its
/// commit already waits for its own flush before an entry is applied and a client answered. The handler runs under
/// DotNext's transition lock, one append at a time, so at most one flush is awaited at once: DotNext waits for its
/// flusher through a single-waiter event, and two waits at once crash the process.
/// </para>
/// </remarks>
public sealed partial class DurableWriteAheadLog
{
    // Set by a follower's append, taken by the commit that DotNext's handler makes next.
    private int _appendAwaitingFlush;

    async ValueTask IAuditTrail<IRaftLogEntry>.AppendAsync<TEntry>(ILogEntryProducer<TEntry> entries, long startIndex, bool skipCommitted, CancellationToken token)
    {
        await AppendAsync(entries, startIndex, skipCommitted, token);
        Volatile.Write(ref _appendAwaitingFlush, 1);
    }

    async ValueTask<long> IAuditTrail.CommitAsync(long endIndex, CancellationToken token)
    {
        var committed = await CommitAsync(endIndex, token);
        if (Interlocked.Exchange(ref _appendAwaitingFlush, 0) == 1)
        {
            await FlushAsync(token);
            directories.EnsureFlushed();
        }

        return committed;
    }
}
