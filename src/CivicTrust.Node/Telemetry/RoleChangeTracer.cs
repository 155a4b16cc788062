using System.Diagnostics;
using CivicTrust.Contracts;
using CivicTrust.Node.Consensus;
using DotNext.Net.Cluster;
using Microsoft.AspNetCore.Connections;

namespace CivicTrust.Node.Telemetry;

/// <summary>
/// Turns DotNext's leader-change notifications into a <c>raft.role_changed</c> span, a log line and a metric, so a
/// failover is visible in the dashboard next to the drill that caused it.
/// </summary>
public sealed class RoleChangeTracer(ClusterView view, ILogger<RoleChangeTracer> logger)
{
    /// <summary>The W3C traceparent of the last <c>raft.role_changed</c> span, or <see langword="null"/> when none was traced.</summary>
    public string? LastSpan { get; private set; }

    /// <summary>Subscribes to the cluster's leader changes.</summary>
    public void Attach() => view.Cluster.LeaderChanged += OnLeaderChanged;

    private void OnLeaderChanged(ICluster cluster, IClusterMember? leader)
    {
        var leaderUrl = leader?.EndPoint is UriEndPoint endpoint ? endpoint.Uri.ToString().TrimEnd('/') : null;
        // Judged from the event itself: DotNext raises it before this node's leadership token reflects the change.
        var role = leader is null ? ClusterRoleNames.Candidate : leader.IsRemote ? ClusterRoleNames.Follower : ClusterRoleNames.Leader;
        using (var activity = NodeTelemetry.Source.StartActivity("raft.role_changed", ActivityKind.Internal, parentContext: default))
        {
            activity?.SetTag(NodeTelemetry.Attributes.NodeId, view.NodeId)
                .SetTag(NodeTelemetry.Attributes.Role, role)
                .SetTag(NodeTelemetry.Attributes.RaftTerm, view.Term)
                .SetTag(NodeTelemetry.Attributes.Leader, leaderUrl);
            if (activity is not null)
            {
                LastSpan = activity.Id; // W3C format: 00-<trace id>-<span id>-<flags>
            }
        }

        if (leader is not null)
        {
            NodeTelemetry.LeaderChanges.Add(1);
        }

        logger.LogInformation("{NodeId}: {Role} in term {Term}; leader {Leader}.", view.NodeId, role, view.Term, leaderUrl ?? "unknown");
    }
}
