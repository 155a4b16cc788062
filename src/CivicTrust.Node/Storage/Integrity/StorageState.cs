namespace CivicTrust.Node.Storage.Integrity;

/// <summary>What a member may do with what it holds.</summary>
public enum StorageState
{
    /// <summary>Every check passed: the member serves, votes and replicates.</summary>
    Intact,

    /// <summary>Damage found: the member applies, serves, votes and replicates nothing until it is repaired.</summary>
    Damaged,

    /// <summary>
    /// Its damaged data set aside, the member is fetching the cluster's log from the leader: it takes appends and
    /// snapshots, and neither votes, stands for election nor serves reads until it holds every entry it had before.
    /// </summary>
    Repairing,
}
