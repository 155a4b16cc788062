using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>The commit log of DotNext's Raft cluster.</summary>
public sealed class RaftCommitLog(IRaftCluster cluster) : ICommitLog
{
    /// <inheritdoc/>
    public Task ReplicateAsync(byte[] payload, ReplicationTicket ticket, CancellationToken token) =>
        cluster.ReplicateAsync(payload, ticket, token).AsTask();
}
