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
}
