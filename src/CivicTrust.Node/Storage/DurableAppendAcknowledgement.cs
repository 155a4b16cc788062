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
public sealed class DurableAppendAcknowledgement(RequestDelegate next, IPersistentState state)
{
    private readonly WriteAheadLog _log = state as WriteAheadLog
        ?? throw new InvalidOperationException($"Durable acknowledgements need DotNext's {nameof(WriteAheadLog)}, not {state.GetType().Name}.");

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
        try
        {
            await next(context);
            await _log.FlushAsync(context.RequestAborted);
        }
        finally
        {
            context.Response.Body = wire;
        }

        context.Response.ContentLength = held.Length;
        held.Position = 0;
        await held.CopyToAsync(wire, context.RequestAborted);
    }
}
