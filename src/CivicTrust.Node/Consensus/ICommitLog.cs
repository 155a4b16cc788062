namespace CivicTrust.Node.Consensus;

/// <summary>
/// The replicated log as the leader's write path sees it: append one entry, return once a majority committed it and
/// this node applied it. An interface so the group commit above it is tested without a cluster.
/// </summary>
public interface ICommitLog
{
    /// <summary>Appends <paramref name="payload"/> as one entry and waits until it is committed and applied here.</summary>
    /// <param name="payload">The entry's bytes (<see cref="Documents.DocumentBatch"/>).</param>
    /// <param name="ticket">Handed to the state machine with the entry; it receives the apply results.</param>
    /// <param name="token">Gives up waiting; the entry may still commit.</param>
    /// <exception cref="DotNext.Net.Cluster.Consensus.Raft.NotLeaderException">This node is not (or stopped being) the leader.</exception>
    Task ReplicateAsync(byte[] payload, ReplicationTicket ticket, CancellationToken token);
}
