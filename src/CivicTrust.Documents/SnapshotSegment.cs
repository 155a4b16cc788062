namespace CivicTrust.Documents;

/// <summary>
/// A file of consecutive rows of a registry snapshot kept in segments: rows [<see cref="FirstRow"/>, <see cref="EndRow"/>)
/// in the snapshot's row layout, then their checksum. Rows never change once decided, so a segment written once serves
/// every later snapshot that includes its rows: a snapshot writes only the rows decided since the one before.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="FirstRow">The first row it holds.</param>
/// <param name="EndRow">One past the last row it holds.</param>
/// <param name="Checksum">Its checksum, as the manifest that names it recorded it: a file of the same name with other rows is refused.</param>
public sealed record SnapshotSegment(string Path, int FirstRow, int EndRow, ulong Checksum)
{
    /// <summary>How many rows it holds.</summary>
    public int Rows => EndRow - FirstRow;

    /// <summary>Opens the file for one sequential read.</summary>
    public FileStream Open() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
}
