using System.Buffers.Binary;
using System.Text;

namespace CivicTrust.Documents;

/// <summary>
/// One log entry's payload. Binary, not JSON: it is written to the WAL and sent to every follower for each
/// document, so it stays small (34 bytes plus the issuer).
/// Layout: kind (1 byte) | hash (32 bytes) | issuer length (2 bytes, little-endian) | issuer (UTF-8)
/// [| key id (8 bytes, little-endian), when the kind's <see cref="KeyIdFlag"/> bit is set].
/// </summary>
/// <param name="Kind">Issue, abort, or a key's admission or revocation.</param>
/// <param name="Hash">Lower-case hex SHA-256: the document's, or for a key command the key's.</param>
/// <param name="Issuer">Issuer of an issue command or of the key; empty for an abort.</param>
/// <param name="KeyId">The <see cref="IssuerKeyId"/> of the key that wrote an issue or abort, or 0 for none (an anonymous
/// write, or one logged before keys were named). The state machine refuses a write whose key was revoked at a lower index.</param>
public readonly record struct DocumentCommand(DocumentCommandKind Kind, string Hash, string Issuer, ulong KeyId = 0)
{
    /// <summary>Set in the kind byte when a key id follows the issuer; commands without one keep the older layout.</summary>
    public const byte KeyIdFlag = 0x80;

    /// <summary>Longest issuer accepted, in UTF-16 characters.</summary>
    public const int MaxIssuerLength = 256;

    private const int HeaderLength = 1 + DocumentHash.ByteLength + sizeof(ushort);

    /// <summary>An issue command, written with the key <paramref name="keyId"/> (0 for none).</summary>
    public static DocumentCommand Issue(string hash, string issuer, ulong keyId = 0) => new(DocumentCommandKind.Issue, hash, issuer, keyId);

    /// <summary>An abort (fence) command, written with the key <paramref name="keyId"/> (0 for none).</summary>
    public static DocumentCommand Abort(string hash, ulong keyId = 0) => new(DocumentCommandKind.Abort, hash, string.Empty, keyId);

    /// <summary>Admits the key whose SHA-256 is <paramref name="keySha256"/> (lower-case hex) for <paramref name="issuer"/>.</summary>
    public static DocumentCommand AddKey(string keySha256, string issuer) => new(DocumentCommandKind.AddKey, keySha256, issuer);

    /// <summary>Revokes the key whose SHA-256 is <paramref name="keySha256"/>, which writes for <paramref name="issuer"/>.</summary>
    public static DocumentCommand RevokeKey(string keySha256, string issuer) => new(DocumentCommandKind.RevokeKey, keySha256, issuer);

    /// <summary>Whether the command admits or revokes a key rather than deciding a document.</summary>
    public bool IsKeyCommand => Kind is DocumentCommandKind.AddKey or DocumentCommandKind.RevokeKey;

    /// <summary>How many bytes <see cref="Encode"/> writes.</summary>
    public int EncodedLength => HeaderLength + Encoding.UTF8.GetByteCount(Issuer) + (KeyId == 0 ? 0 : sizeof(ulong));

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
        destination[0] = (byte)((byte)Kind | (KeyId == 0 ? 0 : KeyIdFlag));
        Convert.FromHexString(Hash, destination.Slice(1, DocumentHash.ByteLength), out _, out _);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(1 + DocumentHash.ByteLength)..], checked((ushort)issuerLength));
        Encoding.UTF8.GetBytes(Issuer, destination.Slice(HeaderLength, issuerLength));
        if (KeyId == 0)
        {
            return HeaderLength + issuerLength;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination[(HeaderLength + issuerLength)..], KeyId);
        return HeaderLength + issuerLength + sizeof(ulong);
    }

    /// <summary>Parses a payload written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The payload is not a document command: the log is corrupt or foreign.</exception>
    public static DocumentCommand Decode(ReadOnlySpan<byte> payload)
    {
        var command = DecodeFirst(payload, out var length);
        if (payload.Length != length)
        {
            throw new FormatException($"Document command length {payload.Length} does not match the {length} bytes its header declares.");
        }

        return command;
    }

    /// <summary>Parses the command at the start of <paramref name="payload"/> and says how many bytes it took.</summary>
    /// <exception cref="FormatException">The bytes are not a document command.</exception>
    public static DocumentCommand DecodeFirst(ReadOnlySpan<byte> payload, out int length)
    {
        var kind = payload.IsEmpty ? (DocumentCommandKind)0 : (DocumentCommandKind)(payload[0] & ~KeyIdFlag);
        var keyed = !payload.IsEmpty && (payload[0] & KeyIdFlag) != 0;
        // Only writes name the key they were made with; a key command names its key in its hash.
        if (payload.Length < HeaderLength || !Enum.IsDefined(kind) || (keyed && kind is not (DocumentCommandKind.Issue or DocumentCommandKind.Abort)))
        {
            throw new FormatException($"Not a document command: {payload.Length} bytes, kind {(payload.IsEmpty ? -1 : payload[0])}.");
        }

        var issuerLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[(1 + DocumentHash.ByteLength)..]);
        length = HeaderLength + issuerLength + (keyed ? sizeof(ulong) : 0);
        if (payload.Length < length)
        {
            throw new FormatException($"Document command length {payload.Length} does not match its issuer length {issuerLength}.");
        }

        var keyId = keyed ? BinaryPrimitives.ReadUInt64LittleEndian(payload[(HeaderLength + issuerLength)..]) : 0;
        if (keyed && keyId == 0)
        {
            throw new FormatException("A document command flagged with a key id of 0.");
        }

        return new DocumentCommand(
            kind,
            Convert.ToHexStringLower(payload.Slice(1, DocumentHash.ByteLength)),
            Encoding.UTF8.GetString(payload.Slice(HeaderLength, issuerLength)),
            keyId);
    }
}
