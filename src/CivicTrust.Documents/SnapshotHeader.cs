using System.Buffers.Binary;

namespace CivicTrust.Documents;

/// <summary>
/// The counters a whole registry snapshot starts with, before its rows. A snapshot kept as segments writes them to
/// its manifest instead, and puts them back in front when it is sent whole.
/// </summary>
/// <param name="LastApplied">The last log index the snapshot includes.</param>
/// <param name="DuplicatesSkipped">Retries absorbed up to that index.</param>
/// <param name="IssuesRefused">Issues refused by an abort fence up to that index.</param>
/// <param name="Rows">How many decided documents (rows) follow.</param>
public readonly record struct SnapshotHeader(long LastApplied, long DuplicatesSkipped, long IssuesRefused, int Rows)
{
    /// <summary>Bytes the header takes.</summary>
    public const int Length = sizeof(uint) + sizeof(int) + (3 * sizeof(long)) + sizeof(int);

    private const uint Magic = 0x53445443; // "CTDS" little-endian

    // Version 2 added each entry's position within its log entry (group commit). Version 3 ends with a checksum
    // (SnapshotChecksum); earlier versions carry none and are refused, since nothing could show they are whole.
    // Version 4 puts the issuer key entries between the header and the rows; a version 3 snapshot reads as one of none.
    private const int Version = 4;
    private const int OldestReadable = 3;

    /// <summary>The header's bytes, as a whole snapshot starts.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), LastApplied);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), DuplicatesSkipped);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), IssuesRefused);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(32), Rows);
        return bytes;
    }

    /// <summary>Reads a header from <paramref name="input"/>'s position.</summary>
    /// <param name="input">The snapshot.</param>
    /// <param name="keysFollow">Whether the snapshot's key entries follow the header (every version but the oldest read).</param>
    /// <exception cref="InvalidDataException">Not a registry snapshot, or one of another version.</exception>
    public static SnapshotHeader ReadFrom(Stream input, out bool keysFollow)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (input.ReadAtLeast(bytes, Length, throwOnEndOfStream: false) < Length || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException("Not a CivicTrust document registry snapshot.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version is < OldestReadable or > Version)
        {
            throw new InvalidDataException($"A version {version} registry snapshot; this build reads versions {OldestReadable} to {Version} (with a checksum) only.");
        }

        keysFollow = version > OldestReadable;

        var rows = BinaryPrimitives.ReadInt32LittleEndian(bytes[32..]);
        return rows < 0
            ? throw new InvalidDataException($"The snapshot claims {rows} documents.")
            : new SnapshotHeader(BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]), rows);
    }
}
