using CivicTrust.Drill.Crash;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>Cuts an <see cref="InMemoryNode"/> off from its peers and heals it, recording both.</summary>
public sealed class InMemoryIsolator(InMemoryCluster cluster) : INodeIsolator
{
    public string Description => "in-memory partition";

    public List<string> Events { get; } = [];

    public Task IsolateAsync(CrashTarget target, CancellationToken token)
    {
        Events.Add($"cut {target.NodeId}");
        cluster.Isolate(Index(target));
        return Task.CompletedTask;
    }

    public Task HealAsync(CrashTarget target, CancellationToken token)
    {
        Events.Add($"heal {target.NodeId}");
        cluster.Heal(Index(target));
        return Task.CompletedTask;
    }

    private int Index(CrashTarget target) => cluster.Nodes.Single(n => n.Endpoint == target.Endpoint).Index;
}
