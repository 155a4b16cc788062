using System.Buffers;
using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Telemetry;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Adapts the transport-free <see cref="DocumentRegistry"/> to DotNext's state machine contract: decodes committed
/// entries, hands results back to the waiting request, and snapshots the registry so the log stays bounded.
/// </summary>
public sealed class DocumentStateMachine : SimpleStateMachine
{
    private readonly DocumentRegistry _registry;
    private readonly ILogger<DocumentStateMachine> _logger;
    private readonly int _snapshotInterval;
    private int _appliedSinceSnapshot;

    /// <summary>Creates the state machine over the node's snapshot directory.</summary>
    public DocumentStateMachine(ClusterOptions options, DocumentRegistry registry, ILogger<DocumentStateMachine> logger)
        : base(new DirectoryInfo(Path.Combine(options.DataDir, "snapshots")))
    {
        _registry = registry;
        _logger = logger;
        _snapshotInterval = options.SnapshotInterval;

        // A SIGKILL during PersistAsync leaves a half-written temp file that nothing else removes.
        foreach (var orphan in Directory.EnumerateFiles(Path.Combine(options.DataDir, "snapshots"), "*.tmp"))
        {
            File.Delete(orphan);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            _registry.Skip(entry.Index);
            return ValueTask.FromResult(false);
        }

        var command = Decode(payload);
        var result = _registry.Apply(entry.Index, entry.Term, command);
        Count(result.Outcome);
        if (entry.Context is ReplicationTicket ticket)
        {
            ticket.Result = result;
        }

        if (++_appliedSinceSnapshot < _snapshotInterval)
        {
            return ValueTask.FromResult(false);
        }

        _appliedSinceSnapshot = 0;
        return ValueTask.FromResult(true);
    }

    private static void Count(ApplyOutcome outcome)
    {
        switch (outcome)
        {
            case ApplyOutcome.Issued:
                NodeTelemetry.DocumentsCommitted.Add(1);
                break;
            case ApplyOutcome.Aborted:
                NodeTelemetry.DocumentsAborted.Add(1);
                break;
            case ApplyOutcome.DuplicateIssue or ApplyOutcome.DuplicateAbort:
                NodeTelemetry.DuplicatesAbsorbed.Add(1);
                break;
        }
    }

    private static DocumentCommand Decode(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return DocumentCommand.Decode(payload.FirstSpan);
        }

        Span<byte> buffer = stackalloc byte[(int)Math.Min(payload.Length, 4096)];
        if (payload.Length > buffer.Length)
        {
            throw new FormatException($"A {payload.Length}-byte log entry is not a document command.");
        }

        payload.CopyTo(buffer);
        return DocumentCommand.Decode(buffer[..(int)payload.Length]);
    }

    /// <inheritdoc/>
    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        _registry.WriteSnapshot(buffer);
        _logger.LogInformation("Snapshot of {Documents} documents written ({Bytes} bytes).", _registry.Statistics.Documents, buffer.Length);
        return writer.Invoke(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), token);
    }

    /// <inheritdoc/>
    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        // Called at start-up for the newest local snapshot, and on a follower that the leader sends a snapshot to.
        await using var stream = snapshotFile.OpenRead();
        _registry.RestoreSnapshot(stream);
        _logger.LogInformation("Restored snapshot {Snapshot}: {Statistics}.", snapshotFile.Name, _registry.Statistics);
    }
}
