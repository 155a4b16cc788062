using System.Buffers.Binary;

namespace CivicTrust.Documents;

/// <summary>
/// The payload of one log entry that carries several commands (group commit): the leader packs the issuances and
/// aborts that arrived while its previous entries were replicating into one entry, so the per-entry costs of Raft
/// (WAL append, replication, commit wake-up, apply on every member) are paid once per batch, not once per document.
/// Layout: marker (1 byte, <see cref="Marker"/>) | count (2 bytes, little-endian) | the commands as
/// <see cref="DocumentCommand.Encode"/> writes them, back to back (each one carries its own length).
/// An entry of a single command keeps the single-command layout, so a log written before batching reads the same.
/// </summary>
public static class DocumentBatch
{
    /// <summary>First byte of a batch payload; no <see cref="DocumentCommandKind"/> has this value.</summary>
    public const byte Marker = 0x42;

    /// <summary>The most commands one entry may carry.</summary>
    public const int MaxCommands = ushort.MaxValue;

    private const int HeaderLength = 1 + sizeof(ushort);

    /// <summary>
    /// The payload of an entry carrying <paramref name="commands"/> in order: the single-command layout for one, a
    /// batch for more.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<DocumentCommand> commands)
    {
        ArgumentOutOfRangeException.ThrowIfZero(commands.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(commands.Count, MaxCommands);
        if (commands.Count == 1)
        {
            return commands[0].Encode();
        }

        var length = HeaderLength;
        foreach (var command in commands)
        {
            length += command.EncodedLength;
        }

        var bytes = new byte[length];
        bytes[0] = Marker;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), (ushort)commands.Count);
        var written = HeaderLength;
        foreach (var command in commands)
        {
            written += command.EncodeTo(bytes.AsSpan(written));
        }

        return bytes;
    }

    /// <summary>The commands of an entry's payload, in order: one for a single command, all of a batch.</summary>
    /// <exception cref="FormatException">The payload is neither: the log is corrupt or foreign.</exception>
    public static DocumentCommand[] Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload[0] != Marker)
        {
            return [DocumentCommand.Decode(payload)];
        }

        if (payload.Length < HeaderLength)
        {
            throw new FormatException($"A {payload.Length}-byte batch has no command count.");
        }

        var commands = new DocumentCommand[BinaryPrimitives.ReadUInt16LittleEndian(payload[1..])];
        if (commands.Length == 0)
        {
            throw new FormatException("A batch of no commands.");
        }

        var rest = payload[HeaderLength..];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = DocumentCommand.DecodeFirst(rest, out var length);
            rest = rest[length..];
        }

        if (!rest.IsEmpty)
        {
            throw new FormatException($"{rest.Length} bytes after the {commands.Length} commands of a batch.");
        }

        return commands;
    }
}
