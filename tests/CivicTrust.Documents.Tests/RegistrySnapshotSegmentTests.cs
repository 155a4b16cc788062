namespace CivicTrust.Documents.Tests;

public sealed class RegistrySnapshotSegmentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-segments-").FullName;
    private readonly DocumentRegistry _registry = new();
    private int _documents;

    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private void Issue(int count)
    {
        for (var i = 0; i < count; i++, _documents++)
        {
            _registry.Apply(_documents + 1, 1, _documents % 5 == 0 ? DocumentCommand.Abort(HashOf(_documents)) : DocumentCommand.Issue(HashOf(_documents), $"issuer-{_documents % 3}"));
        }
    }

    // Rows [from, capture's end) of a capture, as a segment file.
    private SnapshotSegment Segment(RegistrySnapshot capture, int from)
    {
        var path = Path.Combine(_directory, $"rows.{from}.{capture.Documents}");
        using var file = File.Create(path);
        var checksum = capture.WriteSegment(file, from);
        return new SnapshotSegment(path, from, capture.Documents, checksum);
    }

    private static byte[] Whole(RegistrySnapshot capture)
    {
        using var buffer = new MemoryStream();
        capture.WriteTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void Segments_written_at_each_capture_read_back_and_send_as_the_whole_snapshot_byte_for_byte()
    {
        Issue(40);
        var first = Segment(_registry.CaptureSnapshot(), 0);
        Issue(25);
        var second = Segment(_registry.CaptureSnapshot(), first.EndRow);
        _registry.Apply(++_documents, 1, DocumentCommand.RevokeKey(new string('e', 64), "issuer-1")); // keys travel with the header
        Issue(3);
        var capture = _registry.CaptureSnapshot();
        Assert.Single(capture.Keys);
        SnapshotSegment[] segments = [first, second, Segment(capture, second.EndRow)];

        using (var composed = RegistrySnapshot.Compose(capture.Header, capture.Keys, segments))
        using (var sent = new MemoryStream())
        {
            composed.CopyTo(sent);
            Assert.Equal(Whole(capture), sent.ToArray());
            Assert.Equal(sent.Length, RegistrySnapshot.ComposedLength(capture.Keys, segments));
        }

        var restored = new DocumentRegistry();
        restored.Restore(RegistrySnapshot.ReadFrom(capture.Header, capture.Keys, segments));
        Assert.Equal(_registry.Statistics, restored.Statistics);
        Assert.Equal(_registry.ReadLog(0, 1000), restored.ReadLog(0, 1000));
        Assert.Equal(_registry.Keys.Entries, restored.Keys.Entries);
    }

    [Fact]
    public void A_damaged_segment_a_segment_the_manifest_does_not_name_and_a_gap_are_refused()
    {
        Issue(30);
        var first = Segment(_registry.CaptureSnapshot(), 0);
        Issue(10);
        var capture = _registry.CaptureSnapshot();
        var second = Segment(capture, first.EndRow);

        var bytes = File.ReadAllBytes(second.Path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(second.Path + ".damaged", bytes);
        var damaged = second with { Path = second.Path + ".damaged" };
        Assert.Throws<InvalidDataException>(() => RegistrySnapshot.ReadFrom(capture.Header, capture.Keys, [first, damaged]));
        Assert.Throws<InvalidDataException>(() => RegistrySnapshot.Compose(capture.Header, capture.Keys, [first, damaged]));

        // Whole, but not the file the manifest wrote down (another segment under its name).
        var other = second with { Checksum = second.Checksum ^ 1 };
        Assert.Contains("not the segment", Assert.Throws<InvalidDataException>(() => RegistrySnapshot.ReadFrom(capture.Header, capture.Keys, [first, other])).Message, StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => RegistrySnapshot.ReadFrom(capture.Header, capture.Keys, [second]));
        Assert.Throws<InvalidDataException>(() => RegistrySnapshot.ReadFrom(capture.Header, capture.Keys, [first]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
