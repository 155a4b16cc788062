namespace CivicTrust.Node.Storage;

/// <summary>What a data directory holds, as far as a start needs to know.</summary>
public static class DataDirectoryContents
{
    /// <summary>The write-ahead log's folder (entries, their metadata, the term and vote).</summary>
    public const string LogFolder = "wal";

    /// <summary>The snapshots' folder.</summary>
    public const string SnapshotFolder = "snapshots";

    /// <summary>
    /// Whether <paramref name="dataDir"/> holds no log and no snapshot: the member has never stored an entry here, or its
    /// disk was lost. The lock file the node itself just took does not count.
    /// </summary>
    public static bool IsEmpty(string dataDir) =>
        !Directory.Exists(Path.Combine(dataDir, LogFolder)) && !Directory.Exists(Path.Combine(dataDir, SnapshotFolder));
}
