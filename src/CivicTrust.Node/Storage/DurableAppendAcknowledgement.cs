using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Storage;

/// <summary>
/// Holds back a member's answer to the leader's <c>AppendEntries</c> until the entries it appended are on disk and
/// recorded in the write-ahead log's checkpoint, so an acknowledged append survives this member's own SIGKILL (and a
/// power loss).
/// </summary>
/// <remarks>
/// DotNext 6.12's follower answers as soon as the entries are copied into its memory-mapped log and flushes them in
/// the background; on restart the log keeps only what the last checkpoint names (<c>LastEntryIndex =
/// max(checkpoint.LastIndex, commit)</c>). A follower killed between its answer and that flush comes back without
/// entries the leader counted towards a majority, and a majority of such followers can elect a leader that reuses
/// their indexes for other documents: acknowledged documents vanish. <see cref="WriteAheadLog.FlushAsync(CancellationToken)"/>
/// waits for the flusher to msync the pages through the last appended entry and write the checkpoint (write-through),
/// which closes that gap. The leader needs no such step: its commit already waits for the same flush before it
/// applies an entry and answers the client. See docs/durability.md.
/// </remarks>
public sealed class DurableAppendAcknowledgement(RequestDelegate next, IPersistentState state, LogDirectorySync directories) : IDisposable
{
    private readonly WriteAheadLog _log = state as WriteAheadLog
        ?? throw new InvalidOperationException($"Durable acknowledgements need DotNext's {nameof(WriteAheadLog)}, not {state.GetType().Name}.");

    // One append at a time, flush included. DotNext waits for its flusher through a single-waiter event: two waits at
    // once (this flush and the commit wait inside the next append, or two of these flushes) crash the process with an
    // InvalidOperationException. DotNext itself handles one append at a time (under its transition lock), but a
    // leader whose request timed out sends the next append while the first is still being flushed here, and a node
    // thawed after a pause finds a backlog of appends queued in its sockets. A leader's own commit loop waits on the
    // same event, so a leader never flushes here (it only ever rejects appends; see Accepted).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private const string MessageTypeHeader = "X-Raft-Message-Type";
    private const string AppendEntries = "AppendEntries";

    /// <summary>Passes every other request through; buffers the answer to an append until the flush completes.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !string.Equals(context.Request.Headers[MessageTypeHeader], AppendEntries, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        // DotNext writes the answer with Response.WriteAsync, which would send it at once: keep it in memory instead.
        var wire = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        await _oneAtATime.WaitAsync(context.RequestAborted);
        try
        {
            await next(context);
            if (Accepted(held))
            {
                await _log.FlushAsync(context.RequestAborted);
                directories.EnsureFlushed();
            }
        }
        finally
        {
            _oneAtATime.Release();
            context.Response.Body = wire;
        }

        context.Response.ContentLength = held.Length;
        held.Position = 0;
        await held.CopyToAsync(wire, context.RequestAborted);
    }

    // DotNext answers an append with the name of its HeartbeatResult. Only "Replicated…" means entries were taken; a
    // rejection (stale term, log mismatch) appended nothing and must go back at once: a leader thawed after a pause
    // learns the higher term from it, and a leader that rejects a stale one must not wait on its own flusher here
    // while its commit loop does (the single-waiter event again).
    private static bool Accepted(MemoryStream answer) =>
        answer.Length >= Replicated.Length && answer.GetBuffer().AsSpan(0, Replicated.Length).SequenceEqual(Replicated);

    private static ReadOnlySpan<byte> Replicated => "Replicated"u8;

    /// <inheritdoc/>
    public void Dispose() => _oneAtATime.Dispose();
}
