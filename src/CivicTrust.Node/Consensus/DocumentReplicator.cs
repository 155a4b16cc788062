using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>Leader side of a write: appends a command, waits for a majority to commit it and for it to apply here.</summary>
public sealed class DocumentReplicator(IRaftCluster cluster, PendingDocuments pending, ClusterOptions options)
{
    /// <summary>Replicates <paramref name="command"/> and returns what applying it did.</summary>
    /// <exception cref="NotLeaderException">This node is not (or stopped being) the leader: the outcome is unknown.</exception>
    /// <exception cref="CommitTimeoutException">No commit within the configured time: the outcome is unknown.</exception>
    public async Task<ApplyResult> ReplicateAsync(DocumentCommand command, CancellationToken token)
    {
        var ticket = new ReplicationTicket();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(options.CommitTimeout);
        using (command.Kind == DocumentCommandKind.Issue ? pending.Track(command.Hash, command.Issuer) : default(PendingDocuments.Scope?))
        {
            try
            {
                await cluster.ReplicateAsync(command.Encode(), ticket, deadline.Token);
            }
            catch (OperationCanceledException e) when (!token.IsCancellationRequested)
            {
                throw new CommitTimeoutException(options.CommitTimeout, e);
            }
        }

        // ReplicateAsync returns only after the entry applied on this node, which fills the ticket.
        return ticket.Result ?? throw new InvalidOperationException($"Entry for {command.Hash} committed without reaching the state machine.");
    }
}
