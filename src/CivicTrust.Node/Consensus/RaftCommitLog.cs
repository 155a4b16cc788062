using CivicTrust.Documents.Integrity;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// The commit log of DotNext's Raft cluster; entries carry the term this node leads in (<see cref="LeaderTerm"/>) and
/// are sealed with their checksum here, once, as they are created (<see cref="EntrySeal"/>).
/// </summary>
/// <param name="cluster">The cluster entries are replicated through.</param>
/// <param name="leaderTerm">The term this node leads in.</param>
/// <param name="currentTerm">Reads the node's current term (the cluster's own; a test passes its own).</param>
public sealed class RaftCommitLog(IRaftCluster cluster, LeaderTerm leaderTerm, Func<long> currentTerm) : ICommitLog
{
    /// <summary>The commit log of <paramref name="cluster"/>.</summary>
    public RaftCommitLog(IRaftCluster cluster, LeaderTerm leaderTerm)
        : this(cluster, leaderTerm, () => cluster.Term)
    {
    }

    /// <inheritdoc/>
    public Task ReplicateAsync(byte[] payload, ReplicationTicket ticket, CancellationToken token)
    {
        var term = leaderTerm.Current;

        // A node that no longer leads, or already heard of a later term, appends nothing.
        if (term == 0 || currentTerm() != term)
        {
            return Task.FromException(new NotLeaderException());
        }

        return cluster.ReplicateAsync(new BinaryLogEntry { Content = EntrySeal.Seal(term, payload), Term = term, Context = ticket }, token).AsTask();
    }
}
