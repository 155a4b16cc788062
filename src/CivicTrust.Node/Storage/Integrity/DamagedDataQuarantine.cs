namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Moves a damaged member's log and snapshots out of the way, into <c>quarantine/</c> in its data directory, so it
/// starts again with an empty log and fetches the cluster's from the leader. Nothing is deleted: an operator can still
/// look at what the disk did.
/// </summary>
/// <remarks>
/// The write-ahead log's <c>state</c> file (the current term and the vote cast in it) stays: a member that forgot its
/// vote could vote twice in one term and let two leaders be elected in it. Its damage is not covered by the entry
/// checksums; docs/durability.md, "Damage the checks do not see".
/// </remarks>
public static class DamagedDataQuarantine
{
    /// <summary>The write-ahead log's term-and-vote file, which a repair keeps.</summary>
    public const string TermAndVoteFile = "state";

    /// <summary>Moves everything but the term and vote into the plan's quarantine folder; flushes every directory it touched.</summary>
    public static void Move(string dataDir, RepairPlan plan)
    {
        var quarantine = Directory.CreateDirectory(Path.Combine(dataDir, plan.Quarantine));
        var wal = new DirectoryInfo(Path.Combine(dataDir, DataDirectoryContents.LogFolder));
        if (wal.Exists)
        {
            var walAside = Directory.CreateDirectory(Path.Combine(quarantine.FullName, "wal"));
            foreach (var entry in wal.EnumerateFileSystemInfos())
            {
                if (entry.Name != TermAndVoteFile)
                {
                    MoveInto(entry, walAside.FullName);
                }
            }

            DirectorySync.Flush(walAside.FullName);
            DirectorySync.Flush(wal.FullName);
        }

        var snapshots = new DirectoryInfo(Path.Combine(dataDir, DataDirectoryContents.SnapshotFolder));
        if (snapshots.Exists)
        {
            MoveInto(snapshots, quarantine.FullName);
        }

        DirectorySync.Flush(quarantine.FullName);
        DirectorySync.Flush(Path.GetDirectoryName(quarantine.FullName)!);
        DirectorySync.Flush(dataDir);
    }

    private static void MoveInto(FileSystemInfo entry, string folder)
    {
        var destination = Path.Combine(folder, entry.Name);
        switch (entry)
        {
            case DirectoryInfo directory:
                directory.MoveTo(destination);
                break;
            case FileInfo file:
                file.MoveTo(destination, overwrite: true);
                break;
        }
    }
}
