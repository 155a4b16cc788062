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
public sealed record RepairPlan(StorageDamage Damage, long Watermark, string Quarantine, bool Moved);
