using CivicTrust.Contracts;
using CivicTrust.Node.Configuration;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Connections;

namespace CivicTrust.Node.Consensus;

/// <summary>This node's local view of the Raft cluster, read without any network round trip.</summary>
public sealed class ClusterView(IRaftCluster cluster, ClusterOptions options)
{
    /// <summary>The underlying DotNext cluster.</summary>
    public IRaftCluster Cluster => cluster;

    /// <summary>This node's identity.</summary>
    public string NodeId => options.NodeId;

    /// <summary>Whether this node holds leadership in the current term.</summary>
    public bool IsLeader => !cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The leader's URL as this node knows it (its own when it leads).</summary>
    public Uri? LeaderUrl => cluster.Leader?.EndPoint is UriEndPoint endpoint ? endpoint.Uri : null;

    /// <summary>
    /// DotNext exposes no role enum: leadership and consensus tokens tell leader and follower apart, and a node
    /// with neither is between leaders, which is exactly when it campaigns.
    /// </summary>
    public string Role =>
        IsLeader ? ClusterRoleNames.Leader
        : !cluster.ConsensusToken.IsCancellationRequested && cluster.Leader is not null ? ClusterRoleNames.Follower
        : ClusterRoleNames.Candidate;

    /// <summary>The current term.</summary>
    public long Term => cluster.Term;

    /// <summary>The last index the log holds, committed or not (a snapshot's included).</summary>
    public long LastIndex => cluster.AuditTrail.LastEntryIndex;

    /// <summary>The highest index known committed.</summary>
    public long CommitIndex => cluster.AuditTrail.LastCommittedEntryIndex;

    /// <summary>The highest index applied, no-op entries included.</summary>
    public long? LastApplied => cluster.AuditTrail is WriteAheadLog wal ? wal.LastAppliedIndex : null;
}
