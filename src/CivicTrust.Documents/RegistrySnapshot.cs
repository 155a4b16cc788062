using System.Text;
using CivicTrust.Documents.Integrity;
using CivicTrust.Documents.Table;

namespace CivicTrust.Documents;

/// <summary>
/// The registry's state at one applied index: the first <see cref="Documents"/> rows of its table, which never change,
/// captured under its lock in constant time and written out later without it, while the apply thread goes on.
/// </summary>
public sealed partial class RegistrySnapshot
{
    // Index, position, term, kind, hash and an empty issuer's length prefix.
    private const int MinimumRowLength = sizeof(long) + sizeof(int) + sizeof(long) + 1 + DocumentHash.ByteLength + 1;

    private readonly int _rows;

    internal RegistrySnapshot(long lastApplied, long duplicatesSkipped, long issuesRefused, DocumentTable table, int rows, IReadOnlyList<IssuerKeyEntry> keys)
    {
        Keys = keys;
        LastApplied = lastApplied;
        DuplicatesSkipped = duplicatesSkipped;
        IssuesRefused = issuesRefused;
        Table = table;
        _rows = rows;
    }

    /// <summary>The issuer keys the log admitted or revoked up to <see cref="LastApplied"/>.</summary>
    public IReadOnlyList<IssuerKeyEntry> Keys { get; }

    /// <summary>The last log index the captured state includes.</summary>
    public long LastApplied { get; }

    /// <summary>How many state-changing entries (documents issued or aborted) the snapshot holds.</summary>
    public int Documents => _rows;

    /// <summary>Writes the captured state to <paramref name="output"/> in the format <see cref="DocumentRegistry.RestoreSnapshot"/> reads.</summary>
    public void WriteTo(Stream output)
    {
        var hashing = SnapshotChecksum.Writer(output);
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            WriteBody(writer);
        }

        hashing.WriteChecksum();
    }

    private void WriteBody(BinaryWriter writer)
    {
        writer.Write(Header.ToBytes());
        writer.Write(IssuerKeySection.ToBytes(Keys));
        WriteRows(writer, 0, _rows);
    }

    /// <summary>The counters a whole snapshot starts with.</summary>
    public SnapshotHeader Header => new(LastApplied, DuplicatesSkipped, IssuesRefused, _rows);

    private void WriteRows(BinaryWriter writer, int fromRow, int toRow)
    {
        Span<byte> hash = stackalloc byte[DocumentHash.ByteLength];
        for (var row = fromRow; row < toRow; row++)
        {
            var decided = Table[row];
            writer.Write(decided.Index);
            writer.Write(decided.Position);
            writer.Write(decided.Term);
            writer.Write((byte)decided.Kind);
            decided.Key.WriteTo(hash);
            writer.Write(hash);
            writer.Write(decided.IsAbort ? string.Empty : Table.Issuers.NameOf(decided.Issuer));
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, once its checksum shows it whole.</summary>
    /// <param name="input">The snapshot, from its first byte to its last; a stream that cannot seek is read into memory first.</param>
    /// <exception cref="InvalidDataException">The stream is not a registry snapshot, is of an earlier version, or is damaged.</exception>
    public static RegistrySnapshot ReadFrom(Stream input)
    {
        if (!input.CanSeek)
        {
            using var copy = new MemoryStream();
            input.CopyTo(copy);
            copy.Position = 0;
            return ReadFrom(copy);
        }

        SnapshotChecksum.Verify(input);
        var header = SnapshotHeader.ReadFrom(input, out var keysFollow);
        var keys = keysFollow ? IssuerKeySection.ReadFrom(input) : [];
        var rows = header.Rows;
        if (rows > (input.Length - input.Position) / MinimumRowLength)
        {
            throw new InvalidDataException($"The snapshot claims {rows} documents in {input.Length - input.Position} bytes.");
        }

        var table = new DocumentTable(rows);
        ReadRows(input, table, rows);
        return new RegistrySnapshot(header.LastApplied, header.DuplicatesSkipped, header.IssuesRefused, table, rows, keys);
    }

    // Reads `rows` rows from the stream's position into `table`; the stream must then hold nothing but a checksum.
    private static void ReadRows(Stream input, DocumentTable table, int rows)
    {
        using var rowReader = new RowReader(input);
        Span<DecidedDocument> batch = stackalloc DecidedDocument[DocumentTable.BatchSize];
        for (var row = 0; row < rows;)
        {
            var count = Math.Min(batch.Length, rows - row);
            for (var i = 0; i < count; i++)
            {
                batch[i] = rowReader.Read(table.Issuers);
            }

            var added = table.AddRange(batch[..count]);
            if (added < count)
            {
                // The checksum matched, so this was written so: a bug, not damage. Never two decisions for one hash.
                throw new InvalidDataException($"The snapshot decides {batch[added].Key} twice.");
            }

            row += count;
        }

        if (input.Length - input.Position + rowReader.Unread != SnapshotChecksum.Length)
        {
            throw new InvalidDataException($"{input.Length - input.Position + rowReader.Unread - SnapshotChecksum.Length} bytes between the last row and the checksum.");
        }
    }

    // The table the rows are read from; after ReadFrom, a table of its own that a restore takes over.
    internal DocumentTable Table { get; }

    internal long DuplicatesSkipped { get; }

    internal long IssuesRefused { get; }
}
