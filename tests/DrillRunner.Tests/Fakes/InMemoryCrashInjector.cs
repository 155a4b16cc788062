using CivicTrust.Drill.Crash;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>Kills an <see cref="InMemoryNode"/> by pid.</summary>
public sealed class InMemoryCrashInjector(InMemoryCluster cluster) : ICrashInjector
{
    public string Description => "in-memory crash";

    public List<CrashTarget> Crashed { get; } = [];

    public Task CrashAsync(CrashTarget target, CancellationToken token)
    {
        var node = cluster.Nodes.Single(n => n.Pid == target.Pid);
        Crashed.Add(target);
        cluster.Crash(node.Index);
        return Task.CompletedTask;
    }
}
