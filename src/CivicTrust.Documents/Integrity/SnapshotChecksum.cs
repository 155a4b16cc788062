using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace CivicTrust.Documents.Integrity;

/// <summary>
/// The checksum at the end of a registry snapshot: XxHash3 of every byte before it, written as the bytes go out and
/// verified over the whole file before any of it is parsed. Parsing first would trust a damaged count (a flipped bit
/// in it asked for billions of entries) before the damage is known.
/// </summary>
public static class SnapshotChecksum
{
    /// <summary>Bytes the checksum takes at the end of a snapshot.</summary>
    public const int Length = sizeof(ulong);

    /// <summary>A stream that hashes what is written through it to <paramref name="inner"/>; <see cref="ChecksummingStream.WriteChecksum"/> ends it.</summary>
    public static ChecksummingStream Writer(Stream inner) => new(inner);

    /// <summary>Whether the last <see cref="Length"/> bytes of <paramref name="input"/> are the checksum of all before them; leaves the stream at its start.</summary>
    /// <returns>The checksum.</returns>
    /// <exception cref="InvalidDataException">The stream is too short to hold a checksum, or the checksum does not match.</exception>
    public static ulong Verify(Stream input)
    {
        var length = input.Length - input.Position;
        if (length < Length)
        {
            throw new InvalidDataException($"The snapshot is {length} bytes, too short to hold its checksum.");
        }

        var start = input.Position;
        var hash = new XxHash3();
        ulong computedChecksum;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var remaining = length - Length;
            while (remaining > 0)
            {
                var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new InvalidDataException($"The snapshot ended {remaining} bytes before its checksum.");
                }

                hash.Append(buffer.AsSpan(0, read));
                remaining -= read;
            }

            input.ReadExactly(buffer, 0, Length);
            var stored = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
            var computed = computedChecksum = hash.GetCurrentHashAsUInt64();
            if (stored != computed)
            {
                throw new InvalidDataException(
                    $"Snapshot checksum mismatch over {length - Length} bytes (stored {stored:x16}, computed {computed:x16}).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        input.Position = start;
        return computedChecksum;
    }
}
