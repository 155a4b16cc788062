using System.Globalization;
using CivicTrust.Documents;
using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Storage.Integrity;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// A complete snapshot on disk, named <c>{index}-{term}</c> as DotNext's <c>SimpleStateMachine</c> names them: either
/// a whole snapshot (received from a leader, or written by an earlier build) or a <see cref="SnapshotManifest"/> of
/// segments. The write-ahead log reads it to send it to a lagging member, always as one whole snapshot; every checksum
/// is verified before a byte is sent, and a damaged file is reported, never sent.
/// </summary>
public sealed class SnapshotFile : ISnapshot
{
    /// <summary>Names a snapshot file; temporary files (<c>*.tmp</c>) never match it.</summary>
    public const string SearchPattern = "*-*";

    private readonly StorageIntegrity _integrity;

    /// <summary>The snapshot of the state through entry <paramref name="index"/> of <paramref name="term"/>, in <paramref name="file"/>.</summary>
    /// <param name="file">The file.</param>
    /// <param name="index">The last log index it holds.</param>
    /// <param name="term">That entry's term.</param>
    /// <param name="integrity">Where damage found in it is reported.</param>
    public SnapshotFile(FileInfo file, long index, long term, StorageIntegrity integrity)
    {
        File = file;
        Index = index;
        Term = term;
        _integrity = integrity;
    }

    /// <summary>The file.</summary>
    public FileInfo File { get; }

    /// <inheritdoc/>
    public long Index { get; }

    /// <inheritdoc/>
    public long Term { get; }

    /// <inheritdoc/>
    public bool IsReusable => true;

    /// <inheritdoc/>
    public long? Length
    {
        get
        {
            try
            {
                return ReadManifest() is { } manifest ? RegistrySnapshot.ComposedLength(manifest.Keys, manifest.SegmentsIn(File.DirectoryName!)) : File.Length;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return null; // damaged: WriteToAsync reports it and sends nothing
            }
        }
    }

    /// <summary>The manifest, if this snapshot is kept as segments; <see langword="null"/> for a whole snapshot.</summary>
    /// <exception cref="InvalidDataException">The manifest is damaged.</exception>
    public SnapshotManifest? ReadManifest()
    {
        Span<byte> start = stackalloc byte[64];
        using (var stream = File.OpenRead())
        {
            if (!SnapshotManifest.StartsManifest(start[..stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)]))
            {
                return null;
            }
        }

        return SnapshotManifest.Parse(System.IO.File.ReadAllText(File.FullName));
    }

    /// <summary>Reads the whole snapshot, verified, for a restore.</summary>
    /// <returns>The snapshot, and its segments (none for a whole snapshot).</returns>
    /// <exception cref="InvalidDataException">A file of it is damaged.</exception>
    public (RegistrySnapshot Snapshot, IReadOnlyList<SnapshotManifest.Segment> Segments) Read()
    {
        if (ReadManifest() is { } manifest)
        {
            return (RegistrySnapshot.ReadFrom(manifest.Header, manifest.Keys, manifest.SegmentsIn(File.DirectoryName!)), manifest.Segments);
        }

        using var stream = File.OpenRead();
        return (RegistrySnapshot.ReadFrom(stream), []);
    }

    /// <summary>The file name of the snapshot through <paramref name="index"/> of <paramref name="term"/>.</summary>
    public static string NameOf(long index, long term) => string.Create(CultureInfo.InvariantCulture, $"{index}-{term}");

    /// <summary>The snapshot in <paramref name="file"/>, or <see langword="null"/> if its name is not a snapshot's.</summary>
    public static SnapshotFile? TryParse(FileInfo file, StorageIntegrity integrity)
    {
        var parts = file.Name.Split('-');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var term)
            ? new SnapshotFile(file, index, term, integrity)
            : null;
    }

    /// <summary>Reports damage found in this file.</summary>
    public void ReportDamage(string detail) =>
        _integrity.Report(StorageDamage.SnapshotArea, $"snapshots/{File.Name}", Index, detail);

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is damaged: reported, and nothing sent.</exception>
    public async ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter
    {
        Stream stream;
        try
        {
            stream = ReadManifest() is { } manifest
                ? RegistrySnapshot.Compose(manifest.Header, manifest.Keys, manifest.SegmentsIn(File.DirectoryName!))
                : OpenVerified();
        }
        catch (InvalidDataException e)
        {
            ReportDamage(e.Message);
            throw;
        }

        await using (stream)
        {
            await writer.CopyFromAsync(stream, null, token);
        }
    }

    private FileStream OpenVerified()
    {
        var stream = new FileStream(File.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            SnapshotChecksum.Verify(stream);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
