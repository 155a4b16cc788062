using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class LostDiskVerdictTests
{
    private static readonly RepairPlan EmptyDisk = RepairPlan.ForEmptyDisk("/data/node-a", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Peers_as_empty_as_this_member_make_a_new_cluster_with_nothing_to_repair()
    {
        Assert.Null(LostDiskVerdict.Decide(EmptyDisk, [new MemberLogState(2, 0, 0), new MemberLogState(0, 0, 0)]));
        Assert.Equal(2, LostDiskVerdict.Fence([new MemberLogState(2, 0, 0), new MemberLogState(0, 0, 0)]));
    }

    [Fact]
    public void A_lost_disk_catches_up_to_the_longest_log_of_any_peer_and_fences_the_highest_term()
    {
        // The peer with the longer log need not be the one with the higher term or commit index: the entries this member
        // may have acknowledged with it (a majority of two) are only on that peer now.
        var plan = LostDiskVerdict.Decide(EmptyDisk, [new MemberLogState(9, 140, 120), new MemberLogState(11, 131, 131)]);

        Assert.NotNull(plan);
        Assert.Equal(140, plan.Watermark);
        Assert.Equal(11, plan.VoteTermFence);
        Assert.False(plan.AwaitsPeers);
        Assert.Equal(StorageDamage.DiskArea, plan.Damage.Area);
        Assert.Contains("through 140", plan.Damage.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Damage_found_while_the_peers_were_asked_stays_the_damage_and_keeps_its_fence()
    {
        var damaged = new RepairPlan(new StorageDamage(StorageDamage.LogArea, "wal entry 3", 3, "checksum mismatch", DateTimeOffset.UnixEpoch),
            RepairPlan.UnknownWatermark, "quarantine/x", Moved: true, VoteTermFence: 20);

        var plan = LostDiskVerdict.Decide(damaged, [new MemberLogState(4, 0, 0), new MemberLogState(5, 0, 0)]);

        Assert.NotNull(plan);
        Assert.Equal(0, plan.Watermark);
        Assert.Equal(20, plan.VoteTermFence);
        Assert.Equal(damaged.Damage, plan.Damage);
    }

    [Fact]
    public void A_member_alone_in_its_cluster_has_no_one_to_ask_and_starts_as_new()
    {
        Assert.Null(LostDiskVerdict.Decide(EmptyDisk, []));
        Assert.Equal(0, LostDiskVerdict.Fence([]));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(7, 4)]
    public void Enough_peers_to_share_every_majority_with_this_member(int members, int needed)
    {
        Assert.Equal(needed, LostDiskVerdict.PeersNeeded(members));

        // Every majority this member belonged to has majority - 1 other members; the peers that stay silent are too few
        // to be all of them.
        var majority = (members / 2) + 1;
        var silent = members - 1 - needed;
        Assert.True(members == 1 || silent < majority - 1, $"{silent} silent peers could be every other member of a majority of {majority}");
    }
}
