using System.Text;

namespace CivicTrust.Documents;

/// <summary>
/// Snapshot of the registry. The records are derivable from the state-changing entries, so only those and the
/// counters are written; restore rebuilds the index.
/// </summary>
public sealed partial class DocumentRegistry
{
    private const uint SnapshotMagic = 0x53445443; // "CTDS" little-endian
    private const int SnapshotVersion = 1;

    /// <summary>Writes the whole state to <paramref name="output"/>.</summary>
    public void WriteSnapshot(Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        lock (_gate)
        {
            // Whatever this snapshot holds, the log below it is compacted: the raw view starts after it.
            CompactRawLog(_lastApplied);
            writer.Write(SnapshotMagic);
            writer.Write(SnapshotVersion);
            writer.Write(_lastApplied);
            writer.Write(_duplicatesSkipped);
            writer.Write(_issuesRefused);
            writer.Write(_log.Count);
            Span<byte> hash = stackalloc byte[DocumentHash.ByteLength];
            foreach (var entry in _log)
            {
                writer.Write(entry.Index);
                writer.Write(entry.Term);
                writer.Write((byte)entry.Kind);
                Convert.FromHexString(entry.Hash, hash, out _, out _);
                writer.Write(hash);
                writer.Write(entry.Issuer ?? string.Empty);
            }
        }
    }

    /// <summary>Replaces the whole state with the one written by <see cref="WriteSnapshot"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a registry snapshot.</exception>
    public void RestoreSnapshot(Stream input)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadUInt32() != SnapshotMagic || reader.ReadInt32() != SnapshotVersion)
        {
            throw new InvalidDataException("Not a CivicTrust document registry snapshot (or an unsupported version).");
        }

        var lastApplied = reader.ReadInt64();
        var duplicatesSkipped = reader.ReadInt64();
        var issuesRefused = reader.ReadInt64();
        var count = reader.ReadInt32();
        var entries = new List<AppliedEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var index = reader.ReadInt64();
            var term = reader.ReadInt64();
            var kind = (DocumentCommandKind)reader.ReadByte();
            var hash = Convert.ToHexStringLower(reader.ReadBytes(DocumentHash.ByteLength));
            var issuer = reader.ReadString();
            entries.Add(new AppliedEntry(index, term, kind, hash, kind == DocumentCommandKind.Issue ? issuer : null));
        }

        lock (_gate)
        {
            _log.Clear();
            _records.Clear();
            _committed = 0;
            foreach (var entry in entries)
            {
                Append(entry);
            }

            _lastApplied = lastApplied;
            _raw.Clear();
            CompactRawLog(lastApplied);
            _duplicatesSkipped = duplicatesSkipped;
            _issuesRefused = issuesRefused;
        }
    }
}
