using System.Buffers.Binary;
using System.Text;

namespace CivicTrust.Documents;

/// <summary>
/// One log entry's payload. Binary, not JSON: it is written to the WAL and sent to every follower for each
/// document, so it stays small (34 bytes plus the issuer).
/// Layout: kind (1 byte) | hash (32 bytes) | issuer length (2 bytes, little-endian) | issuer (UTF-8).
/// </summary>
/// <param name="Kind">Issue or abort.</param>
/// <param name="Hash">Lower-case hex SHA-256.</param>
/// <param name="Issuer">Issuer of an issue command; empty for an abort.</param>
public readonly record struct DocumentCommand(DocumentCommandKind Kind, string Hash, string Issuer)
{
    /// <summary>Longest issuer accepted, in UTF-16 characters.</summary>
    public const int MaxIssuerLength = 256;

    private const int HeaderLength = 1 + DocumentHash.ByteLength + sizeof(ushort);

    /// <summary>An issue command.</summary>
    public static DocumentCommand Issue(string hash, string issuer) => new(DocumentCommandKind.Issue, hash, issuer);

    /// <summary>An abort (fence) command.</summary>
    public static DocumentCommand Abort(string hash) => new(DocumentCommandKind.Abort, hash, string.Empty);

    /// <summary>How many bytes <see cref="Encode"/> writes.</summary>
    public int EncodedLength => HeaderLength + Encoding.UTF8.GetByteCount(Issuer);

    /// <summary>Serializes the command.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        EncodeTo(bytes);
        return bytes;
    }

    /// <summary>Writes the command to the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        var issuerLength = Encoding.UTF8.GetByteCount(Issuer);
        destination[0] = (byte)Kind;
        Convert.FromHexString(Hash, destination.Slice(1, DocumentHash.ByteLength), out _, out _);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(1 + DocumentHash.ByteLength)..], checked((ushort)issuerLength));
        Encoding.UTF8.GetBytes(Issuer, destination.Slice(HeaderLength, issuerLength));
        return HeaderLength + issuerLength;
    }

    /// <summary>Parses a payload written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The payload is not a document command: the log is corrupt or foreign.</exception>
    public static DocumentCommand Decode(ReadOnlySpan<byte> payload)
    {
        var command = DecodeFirst(payload, out var length);
        if (payload.Length != length)
        {
            throw new FormatException($"Document command length {payload.Length} does not match its issuer length {length - HeaderLength}.");
        }

        return command;
    }

    /// <summary>Parses the command at the start of <paramref name="payload"/> and says how many bytes it took.</summary>
    /// <exception cref="FormatException">The bytes are not a document command.</exception>
    public static DocumentCommand DecodeFirst(ReadOnlySpan<byte> payload, out int length)
    {
        if (payload.Length < HeaderLength || !Enum.IsDefined((DocumentCommandKind)payload[0]))
        {
            throw new FormatException($"Not a document command: {payload.Length} bytes, kind {(payload.IsEmpty ? -1 : payload[0])}.");
        }

        var issuerLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[(1 + DocumentHash.ByteLength)..]);
        length = HeaderLength + issuerLength;
        if (payload.Length < length)
        {
            throw new FormatException($"Document command length {payload.Length} does not match its issuer length {issuerLength}.");
        }

        return new DocumentCommand(
            (DocumentCommandKind)payload[0],
            Convert.ToHexStringLower(payload.Slice(1, DocumentHash.ByteLength)),
            Encoding.UTF8.GetString(payload.Slice(HeaderLength, issuerLength)));
    }
}
