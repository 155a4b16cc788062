using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Storage;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// The commit log of DotNext's Raft cluster; entries carry the term this node leads in (<see cref="LeaderTerm"/>) and
/// are sealed with their checksum here, once, as they are created (<see cref="EntrySeal"/>).
/// </summary>
/// <param name="cluster">The cluster entries are replicated through.</param>
/// <param name="leaderTerm">The term this node leads in.</param>
/// <param name="currentTerm">Reads the node's current term (the cluster's own; a test passes its own).</param>
/// <param name="directories">Flushes the log's directories before a committed entry is answered; none in tests without a disk.</param>
public sealed class RaftCommitLog(IRaftCluster cluster, LeaderTerm leaderTerm, Func<long> currentTerm, LogDirectorySync? directories = null) : ICommitLog
{
    /// <summary>The commit log of <paramref name="cluster"/>, over the log in the node's data directory.</summary>
    public RaftCommitLog(IRaftCluster cluster, LeaderTerm leaderTerm, LogDirectorySync directories)
        : this(cluster, leaderTerm, () => cluster.Term, directories)
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

        var replicated = cluster.ReplicateAsync(new BinaryLogEntry { Content = EntrySeal.Seal(term, payload), Term = term, Context = ticket }, token).AsTask();
        return directories is null ? replicated : FlushDirectoriesAfter(replicated, directories);
    }

    // The entry is committed and applied; its chunk file's name must be on disk before the client hears so.
    private static async Task FlushDirectoriesAfter(Task replicated, LogDirectorySync directories)
    {
        await replicated;
        directories.EnsureFlushed();
    }
}
