using System.Globalization;
using System.IO.Hashing;
using System.Text;
using CivicTrust.Documents;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// A snapshot kept as segments: which segment files hold its rows, and the counters a whole snapshot starts with. A
/// text file named <c>{index}-{term}</c> like a whole snapshot, ending with the checksum of the lines before it, so
/// that an operator can read it and a damaged one is never believed.
/// </summary>
/// <param name="Index">The last log index the snapshot includes.</param>
/// <param name="Term">That entry's term.</param>
/// <param name="Header">The counters and the number of rows.</param>
/// <param name="Segments">The segment files, in row order: row 0 to <see cref="SnapshotHeader.Rows"/>, no gaps.</param>
/// <param name="Keys">The issuer keys the log admitted or revoked through <paramref name="Index"/>, one <c>key</c> line each
/// (a manifest written before keys could be revoked has none).</param>
public sealed record SnapshotManifest(long Index, long Term, SnapshotHeader Header, IReadOnlyList<SnapshotManifest.Segment> Segments, IReadOnlyList<IssuerKeyEntry> Keys)
{
    /// <summary>The first line of every manifest: what it is and its format's version.</summary>
    public const string FirstLine = "civictrust-snapshot-manifest 1";

    /// <summary>A segment file as the manifest names it.</summary>
    /// <param name="FirstRow">The first row it holds.</param>
    /// <param name="EndRow">One past the last.</param>
    /// <param name="Checksum">Its checksum (its last eight bytes).</param>
    public sealed record Segment(int FirstRow, int EndRow, ulong Checksum)
    {
        /// <summary>Its file name: its rows, so that two segments of the same rows (the same on every member) share it.</summary>
        public string FileName => string.Create(CultureInfo.InvariantCulture, $"rows.{FirstRow}.{EndRow}");

        /// <summary>How many rows it holds.</summary>
        public int Rows => EndRow - FirstRow;
    }

    /// <summary>Names a segment file; never matches a snapshot or a manifest (<see cref="SnapshotFile.SearchPattern"/>) or a temporary file.</summary>
    public const string SegmentSearchPattern = "rows.*.*";

    /// <summary>The segments as files in <paramref name="directory"/>.</summary>
    public IReadOnlyList<SnapshotSegment> SegmentsIn(string directory) =>
        [.. Segments.Select(s => new SnapshotSegment(Path.Combine(directory, s.FileName), s.FirstRow, s.EndRow, s.Checksum))];

    /// <summary>The manifest's text.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FirstLine}\nindex {Index}\nterm {Term}\nlast-applied {Header.LastApplied}\n");
        text.Append(CultureInfo.InvariantCulture, $"duplicates-skipped {Header.DuplicatesSkipped}\nissues-refused {Header.IssuesRefused}\nrows {Header.Rows}\n");
        foreach (var key in Keys)
        {
            // The issuer in hex: a name may hold spaces or anything else a line could be split on.
            text.Append(CultureInfo.InvariantCulture, $"key {key.KeySha256} {key.AddedIndex} {key.RevokedIndex} {Convert.ToHexStringLower(Encoding.UTF8.GetBytes(key.Issuer))}\n");
        }

        foreach (var segment in Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"segment {segment.FirstRow} {segment.EndRow} {segment.Checksum:x16}\n");
        }

        // Computed before the line is begun: an interpolated append would write "checksum " first and hash that too.
        var checksum = ChecksumOf(text.ToString());
        return text.Append(CultureInfo.InvariantCulture, $"checksum {checksum:x16}\n").ToString();
    }

    /// <summary>Whether <paramref name="bytes"/> (a file's first bytes) start a manifest rather than a whole snapshot.</summary>
    public static bool StartsManifest(ReadOnlySpan<byte> bytes) => bytes.StartsWith("civictrust-snapshot-manifest "u8);

    /// <summary>Reads a manifest's text.</summary>
    /// <exception cref="InvalidDataException">The text is damaged or not a manifest.</exception>
    public static SnapshotManifest Parse(string text)
    {
        var end = text.LastIndexOf("checksum ", StringComparison.Ordinal);
        if (!text.StartsWith(FirstLine + "\n", StringComparison.Ordinal) || end < 0
            || !ulong.TryParse(text.AsSpan(end + "checksum ".Length).TrimEnd('\n'), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var stored)
            || stored != ChecksumOf(text[..end]))
        {
            throw new InvalidDataException("The snapshot manifest is damaged: its checksum does not match its lines.");
        }

        var lines = text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long Value(int line, string name) =>
            lines.Length > line && lines[line].StartsWith(name + " ", StringComparison.Ordinal)
            && long.TryParse(lines[line].AsSpan(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"The snapshot manifest has no '{name}' on line {line + 1}.");

        var header = new SnapshotHeader(Value(3, "last-applied"), Value(4, "duplicates-skipped"), Value(5, "issues-refused"), checked((int)Value(6, "rows")));
        var keys = lines.Skip(7).TakeWhile(line => line.StartsWith("key ", StringComparison.Ordinal)).Select(ParseKey).ToArray();
        var segments = lines.Skip(7 + keys.Length).Select(line => line.Split(' ') is ["segment", var first, var last, var checksum]
            && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var firstRow)
            && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var endRow)
            && ulong.TryParse(checksum, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var sum)
                ? new Segment(firstRow, endRow, sum)
                : throw new InvalidDataException($"'{line}' in the snapshot manifest is not a segment.")).ToArray();
        return new SnapshotManifest(Value(1, "index"), Value(2, "term"), header, segments, keys);
    }

    private static IssuerKeyEntry ParseKey(string line)
    {
        try
        {
            if (line.Split(' ') is ["key", var hash, var added, var revoked, var issuer] && DocumentHash.IsWellFormed(hash)
                && long.TryParse(added, NumberStyles.None, CultureInfo.InvariantCulture, out var addedIndex)
                && long.TryParse(revoked, NumberStyles.None, CultureInfo.InvariantCulture, out var revokedIndex))
            {
                return new IssuerKeyEntry(hash, Encoding.UTF8.GetString(Convert.FromHexString(issuer)), addedIndex, revokedIndex);
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidDataException($"'{line}' in the snapshot manifest is not a key entry.");
    }

    /// <summary>
    /// The segments of the next snapshot of <paramref name="rows"/> rows, after one kept as <paramref name="previous"/>:
    /// the rows since then become a new segment, merged with the last ones while those are no larger than it. Sizes
    /// then at least double from the newest segment to the oldest (a binary counter): a registry of N rows is at most
    /// log₂ N segments, and each row is rewritten at most log₂ N times in its life, instead of at every snapshot.
    /// </summary>
    /// <returns>The segments to keep, and the first row of the one to write (<paramref name="rows"/> when none is).</returns>
    public static (List<Segment> Kept, int WriteFrom) Plan(IReadOnlyList<Segment> previous, int rows)
    {
        var kept = previous.TakeWhile(s => s.EndRow <= rows).ToList();
        var from = kept.Count == 0 ? 0 : kept[^1].EndRow;
        while (kept.Count > 0 && from < rows && kept[^1].Rows <= rows - from)
        {
            from = kept[^1].FirstRow;
            kept.RemoveAt(kept.Count - 1);
        }

        return (kept, from);
    }

    private static ulong ChecksumOf(string lines) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(lines));
}
