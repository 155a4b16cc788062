using System.Buffers.Binary;
using System.IO.Hashing;

namespace CivicTrust.Documents.Integrity;

/// <summary>Passes writes through to a stream and hashes them, so the checksum is of the bytes as written.</summary>
public sealed class ChecksummingStream(Stream inner) : Stream
{
    private readonly XxHash3 _hash = new();

    /// <summary>Appends the checksum of everything written so far, and returns it.</summary>
    public ulong WriteChecksum()
    {
        var value = _hash.GetCurrentHashAsUInt64();
        Span<byte> checksum = stackalloc byte[SnapshotChecksum.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, value);
        inner.Write(checksum);
        return value;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        inner.Write(buffer);
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
