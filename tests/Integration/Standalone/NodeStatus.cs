using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.Integration.Standalone;

/// <summary>A member's status when it answers, for tests that watch members start and stop.</summary>
public static class NodeStatus
{
    /// <summary>The status of <paramref name="node"/>, or <see langword="null"/> while it does not answer (down or still starting).</summary>
    public static async Task<ClusterStatusResponse?> TryGetStatusAsync(this HttpNodeClient node, CancellationToken token)
    {
        try
        {
            return await node.GetStatusAsync(token);
        }
        catch (NodeUnreachableException)
        {
            return null;
        }
    }
}
