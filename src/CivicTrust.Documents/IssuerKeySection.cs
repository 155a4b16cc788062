using System.Text;

namespace CivicTrust.Documents;

/// <summary>
/// The key entries of a whole snapshot, between its header and its rows: a count, then each entry's key hash (32
/// bytes), issuer (length-prefixed UTF-8), admission and revocation indexes. A handful of entries, so a plain
/// <see cref="BinaryWriter"/> layout; covered by the snapshot's checksum like everything else in it.
/// </summary>
internal static class IssuerKeySection
{
    // Enough for any cluster's key history many times over; a count beyond it is damage, not a real book.
    private const int MaxEntries = 1 << 20;

    /// <summary>The section's bytes.</summary>
    public static byte[] ToBytes(IReadOnlyList<IssuerKeyEntry> keys)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(keys.Count);
            foreach (var key in keys)
            {
                writer.Write(Convert.FromHexString(key.KeySha256));
                writer.Write(key.Issuer);
                writer.Write(key.AddedIndex);
                writer.Write(key.RevokedIndex);
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Reads the section at <paramref name="input"/>'s position.</summary>
    /// <exception cref="InvalidDataException">The section is not in this layout.</exception>
    /// <exception cref="EndOfStreamException">The stream ends inside it.</exception>
    public static IReadOnlyList<IssuerKeyEntry> ReadFrom(Stream input)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        var count = reader.ReadInt32();
        if (count is < 0 or > MaxEntries)
        {
            throw new InvalidDataException($"The snapshot claims {count} key entries.");
        }

        var keys = new IssuerKeyEntry[count];
        for (var i = 0; i < count; i++)
        {
            var hash = Convert.ToHexStringLower(reader.ReadBytes(DocumentHash.ByteLength));
            var issuer = reader.ReadString();
            var added = reader.ReadInt64();
            var revoked = reader.ReadInt64();
            if (hash.Length != DocumentHash.HexLength || issuer.Length > DocumentCommand.MaxIssuerLength || added < 0 || revoked < 0 || (added == 0 && revoked == 0))
            {
                throw new InvalidDataException($"Key entry {i} of the snapshot is not one the log could have made.");
            }

            keys[i] = new IssuerKeyEntry(hash, issuer, added, revoked);
        }

        return keys;
    }
}
