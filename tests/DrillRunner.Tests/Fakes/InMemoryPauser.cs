using CivicTrust.Drill.Crash;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>Freezes an <see cref="InMemoryNode"/>: unreachable (and out of the leadership) until resumed.</summary>
public sealed class InMemoryPauser(InMemoryCluster cluster) : INodePauser
{
    public string Description => "in-memory pause";

    public List<string> Events { get; } = [];

    public Task PauseAsync(CrashTarget target, CancellationToken token)
    {
        Events.Add($"pause {target.NodeId}");
        cluster.Crash(Index(target));
        return Task.CompletedTask;
    }

    public Task ResumeAsync(CrashTarget target, CancellationToken token)
    {
        Events.Add($"resume {target.NodeId}");
        cluster.Restart(Index(target));
        return Task.CompletedTask;
    }

    private int Index(CrashTarget target) => cluster.Nodes.Single(n => n.Endpoint == target.Endpoint).Index;
}
