using System.Runtime.InteropServices;

namespace CivicTrust.Documents.Table;

/// <summary>
/// A document's SHA-256 as 32 bytes held inline: the table keeps millions of them, and a 64-character hex string per
/// document (about 150 bytes with its object header) was the largest single cost of the registry's memory.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct DocumentKey : IEquatable<DocumentKey>
{
    // The hash's bytes in memory order; only ever compared, mixed into a bucket, or written back as bytes.
    private readonly ulong _first;
    private readonly ulong _second;
    private readonly ulong _third;
    private readonly ulong _fourth;

    /// <summary>The key of <paramref name="bytes"/>, a SHA-256 of <see cref="DocumentHash.ByteLength"/> bytes.</summary>
    public static DocumentKey FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Read<DocumentKey>(bytes[..DocumentHash.ByteLength]);

    /// <summary>The key of a hash spelt in hex (either case); <see langword="false"/> when it is not 64 hex digits.</summary>
    public static bool TryParse(string hash, out DocumentKey key)
    {
        Span<byte> bytes = stackalloc byte[DocumentHash.ByteLength];
        if (hash.Length != DocumentHash.HexLength || Convert.FromHexString(hash, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            key = default;
            return false;
        }

        key = FromBytes(bytes);
        return true;
    }

    /// <summary>The key of a hash spelt in hex.</summary>
    /// <exception cref="FormatException"><paramref name="hash"/> is not 64 hex digits.</exception>
    public static DocumentKey Parse(string hash) =>
        TryParse(hash, out var key) ? key : throw new FormatException($"'{hash}' is not a document hash.");

    /// <summary>Writes the hash's <see cref="DocumentHash.ByteLength"/> bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => MemoryMarshal.Write(destination, in this);

    /// <summary>
    /// A well-mixed 64-bit value of the key under <paramref name="seed"/>. The seed is the process's own secret: a
    /// client chooses its documents, so without it a client could grind hashes that all land in one bucket.
    /// </summary>
    public ulong Mix(ulong seed)
    {
        // Every word counts: a SHA-256 is uniform, but a hash spelt by hand (tests, tools) may differ in one byte only.
        var mixed = Round(seed, _first);
        mixed = Round(mixed, _second);
        mixed = Round(mixed, _third);
        return Round(mixed, _fourth);
    }

    // The state with the next word, through splitmix64's finaliser: every input bit reaches every output bit, the low
    // ones (which pick the slot) included.
    private static ulong Round(ulong state, ulong word)
    {
        var mixed = state ^ word;
        mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL;
        mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL;
        return mixed ^ (mixed >> 31);
    }

    /// <inheritdoc/>
    public bool Equals(DocumentKey other) =>
        _first == other._first && _second == other._second && _third == other._third && _fourth == other._fourth;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DocumentKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_first, _second, _third, _fourth);

    /// <summary>The hash in lower-case hex, as every API spells it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[DocumentHash.ByteLength];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
