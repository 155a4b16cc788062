using System.Buffers.Binary;
using System.IO.Hashing;

namespace CivicTrust.Documents.Integrity;

/// <summary>
/// The checksum every log entry carries: the leader seals an entry's payload once, when it creates it, and every
/// member verifies the seal whenever it reads the entry back (replay at start, apply). The write-ahead log under the
/// consensus library stores payloads without any checksum of its own, so without this a flipped bit was applied as
/// another document and a zeroed page as nothing at all.
/// Layout: marker (1 byte, <see cref="Marker"/>) | XxHash3 (8 bytes, little-endian) of the entry's term (8 bytes,
/// little-endian) followed by the body | the body (a <see cref="DocumentBatch"/> payload).
/// </summary>
/// <remarks>
/// The hash covers the term as well as the body, so damage to the term the log stores beside the payload is caught
/// too: a member that votes and compares logs by term must never trust a term its disk changed. The marker differs
/// from every first byte a body can start with by at least two bits, so one flipped bit cannot make a sealed entry
/// look like a body.
/// </remarks>
public static class EntrySeal
{
    /// <summary>First byte of a sealed payload.</summary>
    public const byte Marker = 0xC5;

    /// <summary>Bytes a seal adds to a body.</summary>
    public const int Overhead = 1 + sizeof(ulong);

    /// <summary>The payload that carries <paramref name="body"/> in an entry of <paramref name="term"/>.</summary>
    public static byte[] Seal(long term, ReadOnlySpan<byte> body)
    {
        var payload = new byte[Overhead + body.Length];
        payload[0] = Marker;
        body.CopyTo(payload.AsSpan(Overhead));
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(1), Checksum(term, body));
        return payload;
    }

    /// <summary>
    /// The body of a sealed <paramref name="payload"/> read back from an entry of <paramref name="term"/>, or what is
    /// wrong with it.
    /// </summary>
    /// <returns><see langword="true"/> when the seal matches the body and the term.</returns>
    public static bool TryOpen(long term, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> body, out string? damage)
    {
        body = default;
        if (payload.Length < Overhead)
        {
            damage = $"{payload.Length} bytes, shorter than a seal";
            return false;
        }

        if (payload[0] != Marker)
        {
            damage = $"no seal (first byte 0x{payload[0]:x2})";
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt64LittleEndian(payload[1..]);
        var actual = Checksum(term, payload[Overhead..]);
        if (expected != actual)
        {
            damage = $"checksum mismatch over {payload.Length} bytes of term {term} (stored {expected:x16}, computed {actual:x16})";
            return false;
        }

        body = payload[Overhead..];
        damage = null;
        return true;
    }

    private static ulong Checksum(long term, ReadOnlySpan<byte> body)
    {
        var hash = new XxHash3();
        Span<byte> termBytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(termBytes, term);
        hash.Append(termBytes);
        hash.Append(body);
        return hash.GetCurrentHashAsUInt64();
    }
}
