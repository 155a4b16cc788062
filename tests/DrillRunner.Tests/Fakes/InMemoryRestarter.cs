using CivicTrust.Drill.Crash;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>Restarts an <see cref="InMemoryNode"/> by endpoint; or, when <see cref="Broken"/>, claims to and does not.</summary>
public sealed class InMemoryRestarter(InMemoryCluster cluster) : INodeRestarter
{
    public string Description => "in-memory restart";

    public List<string> Restarted { get; } = [];

    /// <summary>The restart command "succeeds" but the node never comes back.</summary>
    public bool Broken { get; init; }

    public Task RestartAsync(CrashTarget target, CancellationToken token)
    {
        Restarted.Add(target.NodeId);
        if (!Broken)
        {
            cluster.Restart(cluster.Nodes.Single(n => n.Endpoint == target.Endpoint).Index);
        }

        return Task.CompletedTask;
    }
}
