namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// What a member whose data directory was empty at start concludes once every peer has told it how far its log and
/// terms have gone: a pure function of their answers, so it is tested without a cluster.
/// </summary>
/// <remarks>
/// Why more peers than a majority: an entry this member acknowledged before it lost its disk may have been committed
/// with only majority - 1 peers (with three members, a single one). Only they hold it now, so a verdict taken without
/// any of them could let this member and the others elect a leader without the entry. The same holds for its votes: a
/// leader it voted for was also voted for by majority - 1 peers, each now in that term or a later one. Of the n - 1
/// peers, any n - majority + 1 include at least one of those (<see cref="PeersNeeded"/>): both peers of three, three of
/// the four peers of five.
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

    /// <summary>
    /// How many peers of a cluster of <paramref name="members"/> (this member included) must have answered before a
    /// verdict: n - majority + 1 (none for a member alone), so that at least one of them shares every majority this member
    /// was part of.
    /// </summary>
    public static int PeersNeeded(int members) => Math.Min(members - 1, members - ((members / 2) + 1) + 1);

    /// <summary>The highest term any peer has reached, which a new member must not vote in or below either.</summary>
    public static long Fence(IReadOnlyCollection<MemberLogState> peers) => peers.Select(p => p.Term).DefaultIfEmpty(0).Max();
}
