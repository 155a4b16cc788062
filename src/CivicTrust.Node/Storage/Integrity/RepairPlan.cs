namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// A repair in progress, kept in the data directory (<see cref="RepairPlanFile"/>) so it survives a crash halfway.
/// </summary>
/// <param name="Damage">What was found.</param>
/// <param name="Watermark">
/// The last log index this member held when it found the damage: it may have acknowledged any entry up to it, and
/// counted towards a majority with it. Until it holds the cluster's entries through this index again it must not vote:
/// with its own copies gone, its vote could elect a member that lacks them (the trap "Protocol-Aware Recovery for
/// Consensus-Based Storage" names), and an acknowledged document would be left on fewer than a majority.
/// </param>
/// <param name="Quarantine">Where the damaged data was moved, relative to the data directory.</param>
/// <param name="Moved">Whether the damaged data has been moved aside yet.</param>
/// <param name="VoteTermFence">
/// The highest term any peer had reached when this member found its disk empty (0 for damage, which keeps the
/// term and vote): it may have voted in any term up to it, and must not vote in one of them again.
/// </param>
public sealed record RepairPlan(StorageDamage Damage, long Watermark, string Quarantine, bool Moved, long VoteTermFence = 0)
{
    /// <summary>The watermark of a member that found its data directory empty and has not yet heard from every peer.</summary>
    public const long UnknownWatermark = long.MaxValue;

    /// <summary>Whether the member still has to ask its peers how far it must catch up (<see cref="UnknownWatermark"/>).</summary>
    public bool AwaitsPeers => Watermark == UnknownWatermark;

    /// <summary>
    /// The plan of a member whose data directory is empty at start: a new member of a new cluster, or one whose disk was
    /// lost or replaced. It cannot tell which by itself, so it votes for no one until every peer has told it
    /// (<see cref="LostDiskProbe"/>).
    /// </summary>
    public static RepairPlan ForEmptyDisk(string dataDir, DateTimeOffset now) => new(
        new StorageDamage(StorageDamage.DiskArea, dataDir, 0, "the data directory was empty at start; asking every peer whether the cluster is new", now),
        UnknownWatermark,
        Quarantine: string.Empty,
        Moved: true);
}
