using System.Buffers.Binary;
using System.IO.Hashing;

namespace CivicTrust.Documents.Integrity;

/// <summary>
/// A read-only, forward-only stream of a whole snapshot made from its parts: a header, then each segment's bytes
/// without the segment's own checksum, then the checksum of everything before it, computed as the bytes go by. The
/// member receiving it cannot tell it from a snapshot written whole.
/// </summary>
internal sealed class ComposedSnapshotStream(byte[] header, IReadOnlyList<SnapshotSegment> segments) : Stream
{
    private readonly XxHash3 _hash = new();
    private readonly byte[] _checksum = new byte[SnapshotChecksum.Length];
    private int _headerRead;
    private int _segment = -1;
    private FileStream? _current;
    private long _currentLeft;
    private int _checksumRead = -1;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_headerRead < header.Length)
        {
            var count = Math.Min(buffer.Length, header.Length - _headerRead);
            header.AsSpan(_headerRead, count).CopyTo(buffer);
            _hash.Append(buffer[..count]);
            _headerRead += count;
            return count;
        }

        while (_checksumRead < 0)
        {
            if (_current is not null && _currentLeft > 0)
            {
                var read = _current.Read(buffer[..(int)Math.Min(buffer.Length, _currentLeft)]);
                if (read == 0)
                {
                    throw new EndOfStreamException($"{Path.GetFileName(segments[_segment].Path)} ended {_currentLeft} bytes early.");
                }

                _currentLeft -= read;
                _hash.Append(buffer[..read]);
                return read;
            }

            _current?.Dispose();
            _current = null;
            if (++_segment < segments.Count)
            {
                _current = segments[_segment].Open();
                _currentLeft = _current.Length - SnapshotChecksum.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_checksum, _hash.GetCurrentHashAsUInt64());
                _checksumRead = 0;
            }
        }

        var left = Math.Min(buffer.Length, _checksum.Length - _checksumRead);
        _checksum.AsSpan(_checksumRead, left).CopyTo(buffer);
        _checksumRead += left;
        return left;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
