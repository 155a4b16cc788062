using CivicTrust.Documents;
using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Tests.Consensus;

public sealed class SnapshotManifestTests
{
    private static readonly SnapshotManifest Manifest = new(
        1234, 3, new SnapshotHeader(1234, 7, 2, 300),
        [new SnapshotManifest.Segment(0, 200, 0xfeedface12345678), new SnapshotManifest.Segment(200, 300, 0x1)],
        [new IssuerKeyEntry(new string('a', 64), "city hall", 40, 0), new IssuerKeyEntry(new string('b', 64), "registry", 0, 1200)]);

    [Fact]
    public void A_manifest_reads_back_as_written()
    {
        var read = SnapshotManifest.Parse(Manifest.ToText());

        Assert.Equal((Manifest.Index, Manifest.Term, Manifest.Header), (read.Index, read.Term, read.Header));
        Assert.Equal(Manifest.Segments, read.Segments);
        Assert.Equal(Manifest.Keys, read.Keys);
        Assert.Equal(["rows.0.200", "rows.200.300"], read.Segments.Select(s => s.FileName));
        Assert.True(SnapshotManifest.StartsManifest(System.Text.Encoding.UTF8.GetBytes(Manifest.ToText())));
    }

    [Theory]
    [InlineData("rows 300", "rows 301")]
    [InlineData("segment 200 300", "segment 201 300")]
    [InlineData("index 1234", "index 1334")]
    [InlineData(" 0 1200 ", " 0 1201 ")] // a key's revocation index
    [InlineData("civictrust-snapshot-manifest 1", "civictrust-snapshot-manifest 2")]
    public void A_manifest_changed_anywhere_is_refused(string written, string changed)
    {
        var text = Manifest.ToText();
        Assert.Contains(written, text, StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => SnapshotManifest.Parse(text.Replace(written, changed, StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_snapshot_writes_the_new_rows_merged_with_the_last_segments_no_larger_than_them()
    {
        var segments = new List<SnapshotManifest.Segment>();
        var written = new List<(int From, int To)>();
        for (var snapshot = 1; snapshot <= 8; snapshot++)
        {
            var (kept, from) = SnapshotManifest.Plan(segments, snapshot * 10);
            written.Add((from, snapshot * 10));
            segments = [.. kept, new SnapshotManifest.Segment(from, snapshot * 10, 0)];
        }

        // A binary counter: 10, 20, 20+10, 40, 40+10, 40+20, 40+20+10, 80.
        Assert.Equal([(0, 10), (0, 20), (20, 30), (0, 40), (40, 50), (40, 60), (60, 70), (0, 80)], written);
        Assert.Equal([(0, 80)], segments.Select(s => (s.FirstRow, s.EndRow)));
    }

    [Fact]
    public void A_snapshot_with_no_new_rows_writes_no_segment()
    {
        var (kept, from) = SnapshotManifest.Plan([new SnapshotManifest.Segment(0, 10, 0)], 10);

        Assert.Equal(10, from);
        Assert.Single(kept);
    }
}
