using System.Buffers;
using System.Diagnostics;
using CivicTrust.Documents;
using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Storage;
using CivicTrust.Node.Storage.Integrity;
using CivicTrust.Node.Telemetry;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Adapts the transport-free <see cref="DocumentRegistry"/> to DotNext's state machine contract: decodes committed
/// entries, hands results back to the waiting request, and snapshots the registry so the log stays bounded.
/// </summary>
/// <remarks>
/// Snapshots are written off the apply path. DotNext's <c>SimpleStateMachine</c>, which this class replaced, made the
/// apply of the entry after a snapshot wait until the whole registry was serialised and fsynced: every
/// <see cref="ClusterOptions.SnapshotInterval"/> entries, applies stalled for 30-110 ms on every member at once
/// (docs/performance.md, "Snapshot stalls"). Here the apply thread only captures the state (the count of the
/// registry's append-only rows, in constant time); a background task writes, fsyncs and renames the file. A crash at any point leaves either the
/// old snapshot and the full log, or the new snapshot on disk.
/// <para>
/// A written snapshot is published as <see cref="Snapshot"/>, which is what lets the write-ahead log drop the entries
/// below it, only once half an interval more entries have been applied. DotNext compacts the leader's log up to its
/// snapshot whatever its followers have: published at once, a snapshot at the commit index left the slower follower
/// (one replication round behind, which a commit does not wait for) without the entries it needed next, and the
/// leader sent it the whole registry instead, up to 6 times in 30 s of load. etcd keeps 5,000 entries after its
/// snapshots for the same reason.
/// </para>
/// </remarks>
public sealed class DocumentStateMachine : IStateMachine, IAsyncDisposable
{
    private readonly DocumentRegistry _registry;
    private readonly ILogger<DocumentStateMachine> _logger;
    private readonly StorageIntegrity _integrity;
    private readonly DirectoryInfo _location;
    private readonly int _snapshotInterval;
    private readonly int _snapshotOffset;
    private readonly int _catchUpEntries;
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;
    private readonly Lock _publishGate = new();

    // Touched by the apply thread only (DotNext never applies concurrently), and by RestoreAsync before it starts.
    private long _appliedIndex;
    private long _lastSnapshotIndex;
    private Task _snapshotting = Task.CompletedTask;
    private bool _restoreNeeded;

    private volatile SnapshotFile? _snapshot;

    // Written and flushed by the background task, published by the apply thread once it is old enough.
    private SnapshotFile? _written;

    // The segments of the newest snapshot written or restored here (none after a whole one was installed or restored):
    // the next snapshot keeps them and writes only the rows since. Touched by one snapshot task at a time (the next
    // starts only once the last ended), by RestoreAsync before any, and by an install after it awaited the last.
    private IReadOnlyList<SnapshotManifest.Segment> _segments = [];

    // Segment files a snapshot task is writing and has not named in a manifest yet: garbage collection leaves them.
    private readonly HashSet<string> _unnamedSegments = [];

    /// <summary>Creates the state machine over the node's snapshot directory.</summary>
    public DocumentStateMachine(ClusterOptions options, DocumentRegistry registry, StorageIntegrity integrity, ILogger<DocumentStateMachine> logger)
    {
        _registry = registry;
        _integrity = integrity;
        _logger = logger;
        _location = Directory.CreateDirectory(Path.Combine(options.DataDir, DataDirectoryContents.SnapshotFolder));
        _snapshotInterval = options.SnapshotInterval;
        _snapshotOffset = SnapshotOffset(options);
        _catchUpEntries = Math.Max(1, _snapshotInterval / 2);

        // A SIGKILL while a snapshot is written leaves a half-written temp file that nothing else removes.
        foreach (var orphan in _location.EnumerateFiles("*.tmp"))
        {
            orphan.Delete();
        }

        _restoreNeeded = Snapshots().Any();
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">A snapshot exists on disk but <see cref="RestoreAsync"/> has not run.</exception>
    public ISnapshot? Snapshot => _restoreNeeded
        ? throw new InvalidOperationException("Restore the state machine before the write-ahead log reads its snapshot.")
        : _snapshot;

    /// <summary>
    /// Where this member's snapshots fall within an interval of log indexes: members take theirs a fraction of an
    /// interval apart (by their position in the member list), so that no two members write a snapshot and compact
    /// their log in the same moment. A leader's commit needs one follower's flushed answer; with both followers busy
    /// at once, the whole cluster waited.
    /// </summary>
    public static int SnapshotOffset(ClusterOptions options)
    {
        var position = 0;
        for (var i = 0; i < options.Members.Count; i++)
        {
            if (options.Members[i] == options.PublicUrl)
            {
                position = i;
            }
        }

        return (int)((long)options.SnapshotInterval * position / Math.Max(1, options.Members.Count));
    }

    /// <summary>
    /// Loads the newest snapshot on disk, if any; must run before the write-ahead log is created. A damaged snapshot is
    /// reported to <see cref="StorageIntegrity"/> and nothing of it restored; it stays the published snapshot, so the
    /// log (which has dropped the entries below it) opens as it was, but nothing is applied or sent from it.
    /// </summary>
    public async ValueTask RestoreAsync(CancellationToken token = default)
    {
        var newest = Snapshots().MaxBy(s => s.Index);
        if (newest is not null)
        {
            try
            {
                var (snapshot, segments) = newest.Read();
                _registry.Restore(snapshot);
                _segments = segments;
                _logger.LogInformation("Restored snapshot {Snapshot} ({Segments} segments): {Statistics}.", newest.File.Name, segments.Count, _registry.Statistics);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FileNotFoundException)
            {
                newest.ReportDamage(e.Message);
            }

            _snapshot = newest;
            _appliedIndex = _lastSnapshotIndex = newest.Index;
        }

        token.ThrowIfCancellationRequested();
        _restoreNeeded = false;
    }

    /// <inheritdoc/>
    public ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        // Once damage is found nothing more reaches the registry; the entries are passed over, not applied, so that
        // DotNext's start-up replay still ends and the host can stop cleanly for the repair (StorageRepair), after which
        // this log and everything derived from it is set aside. The gates keep anything from being served meanwhile.
        if (_integrity.State == StorageState.Damaged)
        {
            return ValueTask.FromResult(entry.Index);
        }

        if (entry.Index <= _appliedIndex)
        {
            return ValueTask.FromResult(_appliedIndex);
        }

        if (entry.IsSnapshot)
        {
            return InstallSnapshotAsync(entry, token);
        }

        if (!Apply(entry))
        {
            return ValueTask.FromResult(entry.Index); // damaged: reported, passed over as above
        }

        _appliedIndex = entry.Index;
        if (Volatile.Read(ref _written) is { } written && entry.Index - written.Index >= _catchUpEntries)
        {
            Volatile.Write(ref _written, null);
            Publish(written);
        }

        // A snapshot still being written is left alone: the next one starts with the first entry after it finished.
        if (SnapshotDue(_lastSnapshotIndex, entry.Index) && _snapshotting.IsCompleted)
        {
            StartSnapshot(entry.Index, entry.Term);
        }

        return ValueTask.FromResult(entry.Index);
    }

    /// <summary>Whether a snapshot is due at <paramref name="index"/>, the previous one being at <paramref name="previous"/>: an interval boundary, shifted by this member's offset, lies between them.</summary>
    private bool SnapshotDue(long previous, long index) =>
        (index + _snapshotOffset) / _snapshotInterval > (previous + _snapshotOffset) / _snapshotInterval;

    // False when the entry is damaged: reported, and not applied.
    private bool Apply(LogEntry entry)
    {
        if (entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            // DotNext's own empty entry (a new leader's first) has the leader's term; no entry has term 0, which is
            // what a zeroed metadata page reads as.
            if (entry.Term == 0 && !entry.IsConfiguration)
            {
                _integrity.Report(StorageDamage.LogArea, $"wal entry {entry.Index}", entry.Index, "an entry of term 0 and no payload (zeroed metadata)");
                return false;
            }

            _registry.Skip(entry.Index);
            return true;
        }

        if (payload.IsSingleSegment)
        {
            return Apply(entry, payload.FirstSpan);
        }

        // A batch read back from the WAL may span its buffers: verified, decoded and compared from one contiguous copy.
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)payload.Length));
        try
        {
            payload.CopyTo(buffer);
            return Apply(entry, buffer.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Apply(LogEntry entry, ReadOnlySpan<byte> payload)
    {
        // The seal is checked on the bytes the log hands back, before anything is decoded from them.
        if (!EntrySeal.TryOpen(entry.Term, payload, out var body, out var damage))
        {
            _integrity.Report(StorageDamage.LogArea, $"wal entry {entry.Index}", entry.Index, damage!);
            return false;
        }

        DocumentCommand[] commands;
        try
        {
            commands = DocumentBatch.Decode(body);
        }
        catch (FormatException e)
        {
            // Sealed by a leader, so not damage at rest: a bug or a foreign writer. Still nothing to apply.
            _integrity.Report(StorageDamage.LogArea, $"wal entry {entry.Index}", entry.Index, $"sealed but not a document batch: {e.Message}");
            return false;
        }

        var results = _registry.ApplyBatch(entry.Index, entry.Term, commands);
        foreach (var result in results)
        {
            Count(result.Outcome);
        }

        // Only the entry the ticket was appended with may answer its requests (see ReplicationTicket).
        if (entry.Context is ReplicationTicket ticket && ticket.IsFor(body))
        {
            ticket.Results = results;
        }

        return true;
    }

    private void StartSnapshot(long index, long term)
    {
        _lastSnapshotIndex = index;
        var state = _registry.CaptureSnapshot();
        var token = _lifetime.Token;
        _snapshotting = Task.Run(() => WriteSnapshot(state, index, term, token), CancellationToken.None);
    }

    // Writes the rows decided since the last snapshot as a segment (merged with the last segments while those are no
    // larger: SnapshotManifest.Plan), then a manifest naming every segment. Each file goes to a temp file, is fsynced
    // and renamed, and the directory fsynced, so a crash leaves either the old snapshot or the new one whole.
    private void WriteSnapshot(RegistrySnapshot state, long index, long term, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        var (segments, writeFrom) = SnapshotManifest.Plan(_segments, state.Documents);
        var segment = writeFrom < state.Documents ? new SnapshotManifest.Segment(writeFrom, state.Documents, 0) : null;
        try
        {
            long bytes = 0;
            if (segment is not null)
            {
                lock (_unnamedSegments)
                {
                    _unnamedSegments.Add(segment.FileName);
                }

                (var checksum, bytes) = WriteDurably(segment.FileName, file => state.WriteSegment(file, writeFrom), token);
                segments.Add(segment = segment with { Checksum = checksum });
            }

            var manifest = new SnapshotManifest(index, term, state.Header, segments, state.Keys);
            var name = SnapshotFile.NameOf(index, term);
            WriteDurably(name, file => file.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToText())), token);
            DirectorySync.Flush(_location.FullName);
            _segments = segments;
            Volatile.Write(ref _written, NewSnapshotFile(new FileInfo(Path.Combine(_location.FullName, name)), index, term));
            _logger.LogInformation(
                "Snapshot of {Documents} documents through {Index} written in {Milliseconds:F0} ms: {Rows} rows in a new segment ({Bytes} bytes), {Segments} segments in all.",
                state.Documents, index, Stopwatch.GetElapsedTime(started).TotalMilliseconds, segment?.Rows ?? 0, bytes, segments.Count);
        }
        catch (Exception e)
        {
            // The log keeps every entry the snapshot would have let it drop; the next interval tries again.
            if (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Snapshot through {Index} not written.", index);
            }
        }
        finally
        {
            lock (_unnamedSegments)
            {
                _unnamedSegments.Clear();
            }
        }
    }

    // Writes a file of the snapshot directory through a temp file: written, fsynced, renamed into place.
    private (T Result, long Bytes) WriteDurably<T>(string name, Func<FileStream, T> write, CancellationToken token)
    {
        var temp = Path.Combine(_location.FullName, Path.GetRandomFileName() + ".tmp");
        try
        {
            T result;
            long bytes;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                result = write(file);
                file.Flush(flushToDisk: true);
                bytes = file.Length;
            }

            token.ThrowIfCancellationRequested();
            File.Move(temp, Path.Combine(_location.FullName, name), overwrite: true);
            return (result, bytes);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void WriteDurably(string name, Action<FileStream> write, CancellationToken token) =>
        WriteDurably(name, file => { write(file); return 0; }, token);

    // Only ever a newer snapshot replaces the published one (one received from the leader may overtake one written here).
    private void Publish(SnapshotFile snapshot)
    {
        lock (_publishGate)
        {
            if (_snapshot is null || snapshot.Index > _snapshot.Index)
            {
                _snapshot = snapshot;
            }
        }
    }

    // Called on a follower that the leader sends a snapshot to, because the entries it lacks are compacted.
    private async ValueTask<long> InstallSnapshotAsync(LogEntry entry, CancellationToken token)
    {
        await _snapshotting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var temp = Path.Combine(_location.FullName, Path.GetRandomFileName() + ".tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await entry.WriteToAsync(IAsyncBinaryWriter.Create(file, new byte[64 * 1024]), token);
                await file.FlushAsync(token);
                file.Flush(flushToDisk: true);
            }

            // Restored from the received file first: RestoreSnapshot verifies the checksum before it touches the
            // registry, so a snapshot damaged on its way is never installed and never replaces the one on disk.
            try
            {
                await using var received = File.OpenRead(temp);
                _registry.RestoreSnapshot(received);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                _integrity.Report(StorageDamage.SnapshotArea, $"snapshot {SnapshotFile.NameOf(entry.Index, entry.Term)} received from the leader", entry.Index, e.Message);
                return entry.Index; // passed over, as every entry once damage is found
            }

            var destination = new FileInfo(Path.Combine(_location.FullName, SnapshotFile.NameOf(entry.Index, entry.Term)));
            File.Move(temp, destination.FullName, overwrite: true);
            DirectorySync.Flush(_location.FullName);
            Volatile.Write(ref _written, null); // older than this one, and about to be reclaimed
            _segments = []; // the next snapshot writes every row again, as one segment
            Publish(NewSnapshotFile(destination, entry.Index, entry.Term));
            _lastSnapshotIndex = entry.Index;
            _logger.LogInformation("Installed snapshot {Snapshot} from the leader ({Bytes} bytes): {Statistics}.", destination.Name, destination.Length, _registry.Statistics);
            return _appliedIndex = entry.Index;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token)
    {
        // The log guarantees that nobody reads a snapshot below the watermark any more.
        foreach (var old in Snapshots().Where(s => s.Index < watermark))
        {
            token.ThrowIfCancellationRequested();
            old.File.Delete();
        }

        DeleteUnnamedSegments();
        return ValueTask.CompletedTask;
    }

    // A segment no snapshot names any more (merged into a larger one, or set aside by an install) is garbage; so is one
    // a crash left before its manifest was written. One being written now is not.
    private void DeleteUnnamedSegments()
    {
        // Under the lock from the first manifest read: a snapshot task names its segment in a manifest before it takes
        // the segment off _unnamedSegments, so either the manifest is read here or the segment is still listed.
        lock (_unnamedSegments)
        {
            var named = new HashSet<string>(_unnamedSegments, StringComparer.Ordinal);
            foreach (var snapshot in Snapshots())
            {
                try
                {
                    named.UnionWith(snapshot.ReadManifest()?.Segments.Select(s => s.FileName) ?? []);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    return; // a manifest that cannot be read names nothing for sure: delete nothing
                }
            }

            foreach (var file in _location.EnumerateFiles(SnapshotManifest.SegmentSearchPattern).Where(f => !named.Contains(f.Name)))
            {
                file.Delete();
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The host disposes this instance once for every service it is registered as (DotNext registers it as several):
        // a second CancelAsync on the disposed source threw, and every graceful stop ended in an unhandled exception.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync();
        await _snapshotting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lifetime.Dispose();
    }

    private IEnumerable<SnapshotFile> Snapshots() =>
        _location.EnumerateFiles(SnapshotFile.SearchPattern).Select(file => SnapshotFile.TryParse(file, _integrity)).OfType<SnapshotFile>();

    private SnapshotFile NewSnapshotFile(FileInfo file, long index, long term) => new(file, index, term, _integrity);

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
}
