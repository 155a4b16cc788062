namespace CivicTrust.Node.Storage.Integrity;

/// <summary>Damage a member found in what it holds at rest.</summary>
/// <param name="Area"><c>log</c> (a write-ahead log entry), <c>snapshot</c> (a snapshot file) or <c>disk</c> (the data directory lost).</param>
/// <param name="Location">Where: the log index, or the snapshot's file name.</param>
/// <param name="Index">The log index the damaged data stands for (the entry, or the last entry a snapshot holds).</param>
/// <param name="Detail">What the check found (checksum mismatch, no seal, a length no entry can have).</param>
/// <param name="DetectedAt">When this member found it.</param>
public sealed record StorageDamage(string Area, string Location, long Index, string Detail, DateTimeOffset DetectedAt)
{
    /// <summary>Damage to an entry of the write-ahead log.</summary>
    public const string LogArea = "log";

    /// <summary>The whole data directory lost: empty at start while the peers hold entries.</summary>
    public const string DiskArea = "disk";

    /// <summary>Damage to a snapshot file.</summary>
    public const string SnapshotArea = "snapshot";

    /// <summary>One line that names the damage.</summary>
    public override string ToString() => $"{Area} {Location}: {Detail}";
}
