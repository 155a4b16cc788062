namespace CivicTrust.AppHost;

/// <summary>Adds the drill runner: started on demand from the dashboard, never with the cluster.</summary>
public static class DrillRunnerResources
{
    /// <summary>The resource's name.</summary>
    public const string Name = "drill-runner";

    /// <summary>Adds the drill runner, pointed at the nodes and the ledger, with the drill's issuer key.</summary>
    public static IResourceBuilder<ProjectResource> AddDrillRunner(
        this IDistributedApplicationBuilder builder, IReadOnlyList<IResourceBuilder<ExecutableResource>> nodes, Ledger ledger, ClusterCredentials credentials)
    {
        var runner = builder.AddProject<Projects.DrillRunner>(Name)
            .WithExplicitStart()
            .WithEnvironment("Drill__Nodes", ClusterResources.MemberUrls(nodes))
            .WithLedger(ledger);
        credentials.GiveDrillRunner(runner);
        DrillRunnerVerdict.AddTo(builder, runner);
        runner.WithDrillCommand();
        foreach (var node in nodes)
        {
            runner.WaitFor(node);
        }

        return runner;
    }
}
