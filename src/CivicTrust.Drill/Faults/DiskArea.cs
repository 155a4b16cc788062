namespace CivicTrust.Drill.Faults;

/// <summary>What <see cref="DiskCorruptionFault"/> damages (<c>--corrupt</c>), or <see cref="DiskLossFault"/> loses.</summary>
public enum DiskArea
{
    /// <summary><c>log</c>: entries of the target's write-ahead log.</summary>
    Log,

    /// <summary><c>snapshot</c>: the target's newest snapshot (the cluster must be taking snapshots).</summary>
    Snapshot,

    /// <summary><c>disk</c>: the target's whole data directory, emptied (<see cref="DiskLossFault"/>).</summary>
    Disk,
}
