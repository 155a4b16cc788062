using System.Text;
using CivicTrust.Documents.Integrity;

namespace CivicTrust.Documents;

/// <summary>
/// The registry's state at one applied index, captured under its lock in time proportional to a reference copy and
/// written out later without it: the apply thread goes on while a snapshot is serialised and flushed.
/// </summary>
public sealed class RegistrySnapshot
{
    private const uint Magic = 0x53445443; // "CTDS" little-endian
    // Version 2 added each entry's position within its log entry (group commit). Version 3 ends with a checksum
    // (SnapshotChecksum); earlier versions carry none and are refused, since nothing could show they are whole.
    private const int Version = 3;

    private readonly AppliedEntry[] _entries;
    private readonly long _duplicatesSkipped;
    private readonly long _issuesRefused;

    internal RegistrySnapshot(long lastApplied, long duplicatesSkipped, long issuesRefused, AppliedEntry[] entries)
    {
        LastApplied = lastApplied;
        _duplicatesSkipped = duplicatesSkipped;
        _issuesRefused = issuesRefused;
        _entries = entries;
    }

    /// <summary>The last log index the captured state includes.</summary>
    public long LastApplied { get; }

    /// <summary>How many state-changing entries (documents issued or aborted) the snapshot holds.</summary>
    public int Documents => _entries.Length;

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
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(LastApplied);
        writer.Write(_duplicatesSkipped);
        writer.Write(_issuesRefused);
        writer.Write(_entries.Length);
        Span<byte> hash = stackalloc byte[DocumentHash.ByteLength];
        foreach (var entry in _entries)
        {
            writer.Write(entry.Index);
            writer.Write(entry.Position);
            writer.Write(entry.Term);
            writer.Write((byte)entry.Kind);
            Convert.FromHexString(entry.Hash, hash, out _, out _);
            writer.Write(hash);
            writer.Write(entry.Issuer ?? string.Empty);
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
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadUInt32() == Magic ? reader.ReadInt32() : -1;
        if (version != Version)
        {
            throw new InvalidDataException(version < 0
                ? "Not a CivicTrust document registry snapshot."
                : $"A version {version} registry snapshot; this build reads version {Version} (with a checksum) only.");
        }

        var lastApplied = reader.ReadInt64();
        var duplicatesSkipped = reader.ReadInt64();
        var issuesRefused = reader.ReadInt64();
        var entries = new AppliedEntry[reader.ReadInt32()];
        for (var i = 0; i < entries.Length; i++)
        {
            var index = reader.ReadInt64();
            var position = reader.ReadInt32();
            var term = reader.ReadInt64();
            var kind = (DocumentCommandKind)reader.ReadByte();
            var hash = Convert.ToHexStringLower(reader.ReadBytes(DocumentHash.ByteLength));
            var issuer = reader.ReadString();
            entries[i] = new AppliedEntry(index, term, kind, hash, kind == DocumentCommandKind.Issue ? issuer : null, position);
        }

        if (input.Length - input.Position != SnapshotChecksum.Length)
        {
            throw new InvalidDataException($"{input.Length - input.Position - SnapshotChecksum.Length} bytes between the last entry and the checksum.");
        }

        return new RegistrySnapshot(lastApplied, duplicatesSkipped, issuesRefused, entries);
    }

    internal IReadOnlyList<AppliedEntry> Entries => _entries;

    internal long DuplicatesSkipped => _duplicatesSkipped;

    internal long IssuesRefused => _issuesRefused;
}
