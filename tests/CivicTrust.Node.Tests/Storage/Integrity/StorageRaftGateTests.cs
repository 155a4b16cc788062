using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class StorageRaftGateTests
{
    [Theory]
    [InlineData(StorageState.Intact, "AppendEntries", true)]
    [InlineData(StorageState.Intact, "RequestVote", true)]
    [InlineData(StorageState.Repairing, "AppendEntries", true)]
    [InlineData(StorageState.Repairing, "InstallSnapshot", true)]
    [InlineData(StorageState.Repairing, "PreVote", false)]
    [InlineData(StorageState.Repairing, "RequestVote", false)]
    [InlineData(StorageState.Damaged, "AppendEntries", false)]
    [InlineData(StorageState.Damaged, "InstallSnapshot", false)]
    [InlineData(StorageState.Damaged, "RequestVote", false)]
    [InlineData(StorageState.Damaged, null, false)]
    public void A_member_takes_part_only_in_what_its_storage_allows(StorageState state, string? messageType, bool allowed)
    {
        Assert.Equal(allowed, StorageRaftGate.Allows(state, messageType));
    }

    [Theory]
    [InlineData("RequestVote", "7", false)]
    [InlineData("RequestVote", "6", false)]
    [InlineData("RequestVote", "8", true)]
    [InlineData("RequestVote", null, false)]
    [InlineData("RequestVote", "not a term", false)]
    [InlineData("PreVote", "5", true)]
    [InlineData("AppendEntries", "3", true)]
    public void A_member_that_lost_its_disk_votes_in_no_term_it_may_have_voted_in(string messageType, string? term, bool allowed)
    {
        Assert.Equal(allowed, StorageRaftGate.Allows(StorageState.Intact, messageType, term, voteTermFence: 7));
    }

    [Fact]
    public void Without_a_fence_any_term_is_voted_in()
    {
        Assert.True(StorageRaftGate.Allows(StorageState.Intact, "RequestVote", "1", voteTermFence: 0));
    }
}
