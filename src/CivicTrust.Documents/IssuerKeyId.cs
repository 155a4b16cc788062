using System.Buffers.Binary;

namespace CivicTrust.Documents;

/// <summary>
/// The short name of an issuer key that every write carries in the log: the first 8 bytes of the key's SHA-256, so
/// that applying a write can tell whether its key was revoked before it, at 8 bytes a document instead of 32.
/// </summary>
/// <remarks>
/// It only links a write to its key; it proves nothing. A key is authenticated by its whole hash before any write is
/// logged, so a collision could at worst make a valid key's writes refused after another key's revocation, never let a
/// revoked key write; with a handful of keys per cluster its odds are about 2⁻⁶⁴ per pair.
/// </remarks>
public static class IssuerKeyId
{
    /// <summary>The id of the key whose SHA-256 is <paramref name="keySha256"/>; never 0, which means "no key".</summary>
    public static ulong Of(ReadOnlySpan<byte> keySha256)
    {
        var id = BinaryPrimitives.ReadUInt64LittleEndian(keySha256);
        return id == 0 ? 1 : id;
    }

    /// <summary>The id of the key whose SHA-256 is <paramref name="keySha256Hex"/> (hex).</summary>
    public static ulong Of(string keySha256Hex)
    {
        Span<byte> hash = stackalloc byte[DocumentHash.ByteLength];
        Convert.FromHexString(keySha256Hex, hash, out _, out _);
        return Of(hash);
    }
}
