namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// What a member whose data directory was empty at start concludes once every peer has told it how far its log and
/// terms have gone: a pure function of their answers, so it is tested without a cluster.
/// </summary>
/// <remarks>
/// Why every peer and not a majority: an entry this member acknowledged before it lost its disk may have been committed
/// with a single peer (the two of them a majority of three). Only that peer holds it now, so a verdict taken without
/// it could let this member and the other peer elect a leader without the entry. The same holds for its votes: it may
/// have voted for any peer, in any term up to that peer's. In general it would need n - majority + 1 peers; with three
/// members that is both.
/// </remarks>
public static class LostDiskVerdict
{
    /// <summary>
    /// The plan once the peers have answered: <see langword="null"/> when every peer is as empty as this member (a new
    /// cluster: nothing to catch up to), else <paramref name="plan"/> with the highest index any peer holds as the
    /// watermark and the highest term any peer has reached as the vote fence.
    /// </summary>
    /// <remarks>A member alone in its cluster has no peer to ask: no one holds anything it must catch up to.</remarks>
    public static RepairPlan? Decide(RepairPlan plan, IReadOnlyCollection<MemberLogState> peers)
    {
        var watermark = peers.Select(p => p.LastIndex).DefaultIfEmpty(0).Max();
        var fence = Math.Max(plan.VoteTermFence, Fence(peers));
        if (watermark == 0 && plan.Damage.Area == StorageDamage.DiskArea)
        {
            return null;
        }

        var damage = plan.Damage.Area == StorageDamage.DiskArea
            ? plan.Damage with { Detail = $"the data directory was empty at start while the peers hold entries through {watermark}: its disk was lost or replaced" }
            : plan.Damage;
        return plan with { Damage = damage, Watermark = watermark, VoteTermFence = fence };
    }

    /// <summary>The highest term any peer has reached, which a new member must not vote in or below either.</summary>
    public static long Fence(IReadOnlyCollection<MemberLogState> peers) => peers.Select(p => p.Term).DefaultIfEmpty(0).Max();
}
