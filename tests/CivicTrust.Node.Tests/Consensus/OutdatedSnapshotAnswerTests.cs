using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Tests.Consensus;

public sealed class OutdatedSnapshotAnswerTests
{
    [Theory]
    [InlineData(3L, 100L, 3L, 3L, 100L, "ReplicatedWithLeaderTerm")] // the snapshot's index is committed here: held
    [InlineData(3L, 90L, 3L, 3L, 100L, "ReplicatedWithLeaderTerm")]
    [InlineData(4L, 90L, 3L, 3L, 100L, "Replicated")] // a later leader sends an older term's snapshot: DotNext's own distinction
    public void A_snapshot_this_member_has_committed_is_answered_as_installed(long senderTerm, long index, long snapshotTerm, long term, long commit, string expected) =>
        Assert.Equal(expected, OutdatedSnapshotAnswer.Answer(senderTerm, index, snapshotTerm, term, commit));

    [Theory]
    [InlineData(3L, 101L, 3L, 3L, 100L)] // beyond the commit index: DotNext installs it
    [InlineData(2L, 90L, 2L, 3L, 100L)] // a deposed leader: DotNext refuses it with this member's term
    [InlineData(null, 90L, 3L, 3L, 100L)] // headers that do not parse: DotNext decides
    [InlineData(3L, null, 3L, 3L, 100L)]
    [InlineData(3L, 90L, null, 3L, 100L)]
    public void Anything_else_is_left_to_DotNext(long? senderTerm, long? index, long? snapshotTerm, long term, long commit) =>
        Assert.Null(OutdatedSnapshotAnswer.Answer(senderTerm, index, snapshotTerm, term, commit));
}
