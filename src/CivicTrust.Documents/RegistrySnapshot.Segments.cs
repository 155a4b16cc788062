using System.Text;
using CivicTrust.Documents.Integrity;
using CivicTrust.Documents.Table;

namespace CivicTrust.Documents;

/// <summary>
/// A snapshot kept as segments (<see cref="SnapshotSegment"/>): each interval writes only the rows decided since the
/// last, instead of the whole registry again; read back, or sent whole to a member that needs it, they are the same
/// snapshot <see cref="WriteTo"/> writes.
/// </summary>
public sealed partial class RegistrySnapshot
{
    /// <summary>Writes rows [<paramref name="fromRow"/>, <see cref="Documents"/>) as a segment: the rows, then their checksum.</summary>
    /// <returns>The segment's checksum.</returns>
    public ulong WriteSegment(Stream output, int fromRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromRow, _rows);
        var hashing = SnapshotChecksum.Writer(output);
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            WriteRows(writer, fromRow, _rows);
        }

        return hashing.WriteChecksum();
    }

    /// <summary>Reads a snapshot kept as segments: its header and keys (from its manifest), then every segment's rows in order.</summary>
    /// <exception cref="InvalidDataException">A segment is damaged, is not the one the manifest names, or the segments do not hold the header's rows.</exception>
    public static RegistrySnapshot ReadFrom(SnapshotHeader header, IReadOnlyList<IssuerKeyEntry> keys, IReadOnlyList<SnapshotSegment> segments)
    {
        VerifyContiguous(header, segments);
        var table = new DocumentTable(header.Rows);
        foreach (var segment in segments)
        {
            Named(segment, () =>
            {
                using var stream = segment.Open();
                Verify(segment, stream);
                ReadRows(stream, table, segment.Rows);
            });
        }

        return new RegistrySnapshot(header.LastApplied, header.DuplicatesSkipped, header.IssuesRefused, table, header.Rows, keys);
    }

    /// <summary>
    /// The whole snapshot, as <see cref="WriteTo"/> would have written it, streamed from the segments: the header, the
    /// keys, every segment's rows, and one checksum computed as they go. Each segment is verified before any of it is streamed.
    /// </summary>
    /// <exception cref="InvalidDataException">A segment is damaged or is not the one the manifest names.</exception>
    public static Stream Compose(SnapshotHeader header, IReadOnlyList<IssuerKeyEntry> keys, IReadOnlyList<SnapshotSegment> segments)
    {
        VerifyContiguous(header, segments);
        foreach (var segment in segments)
        {
            Named(segment, () =>
            {
                using var stream = segment.Open();
                Verify(segment, stream);
            });
        }

        return new ComposedSnapshotStream([.. header.ToBytes(), .. IssuerKeySection.ToBytes(keys)], segments);
    }

    /// <summary>The length of <see cref="Compose"/>'s stream: the header, the keys, the segments without their own checksums, and one checksum.</summary>
    public static long ComposedLength(IReadOnlyList<IssuerKeyEntry> keys, IReadOnlyList<SnapshotSegment> segments) =>
        SnapshotHeader.Length + IssuerKeySection.ToBytes(keys).Length + segments.Sum(s => new FileInfo(s.Path).Length - SnapshotChecksum.Length) + SnapshotChecksum.Length;

    // Damage in a segment is reported with the segment's name: the snapshot's own name says only which snapshot it is.
    private static void Named(SnapshotSegment segment, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{System.IO.Path.GetFileName(segment.Path)}: {e.Message}", e);
        }
    }

    private static void Verify(SnapshotSegment segment, Stream stream)
    {
        var checksum = SnapshotChecksum.Verify(stream);
        if (checksum != segment.Checksum)
        {
            throw new InvalidDataException($"{System.IO.Path.GetFileName(segment.Path)} is whole but is not the segment its manifest names (checksum {checksum:x16}, named {segment.Checksum:x16}).");
        }
    }

    private static void VerifyContiguous(SnapshotHeader header, IReadOnlyList<SnapshotSegment> segments)
    {
        var next = 0;
        foreach (var segment in segments)
        {
            if (segment.FirstRow != next || segment.EndRow < segment.FirstRow)
            {
                throw new InvalidDataException($"The segments do not follow each other: rows {segment.FirstRow}-{segment.EndRow} after row {next}.");
            }

            next = segment.EndRow;
        }

        if (next != header.Rows)
        {
            throw new InvalidDataException($"The segments hold {next} rows; the snapshot has {header.Rows}.");
        }
    }
}
