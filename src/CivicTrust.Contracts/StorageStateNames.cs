namespace CivicTrust.Contracts;

/// <summary>A member's storage states as they appear in <see cref="StorageStatusResponse.State"/>.</summary>
public static class StorageStateNames
{
    /// <summary>Every check of the member's log and snapshots passed.</summary>
    public const string Intact = "intact";

    /// <summary>The member found damage and applies, serves, votes and replicates nothing.</summary>
    public const string Damaged = "damaged";

    /// <summary>The member set its damaged data aside and is fetching the cluster's log; it does not vote yet.</summary>
    public const string Repairing = "repairing";
}
