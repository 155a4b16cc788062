namespace CivicTrust.AppHost;

/// <summary>The CivicTrust node resources (<see cref="ClusterSize"/> of them), wired to each other.</summary>
public static class ClusterResources
{
    /// <summary>
    /// Optional override of the nodes' <c>Cluster:SnapshotInterval</c>: tests set it low so that snapshots, log
    /// compaction and a restarted node's catch-up from a snapshot happen within a short drill.
    /// </summary>
    public const string SnapshotIntervalKey = "CivicTrust:SnapshotInterval";

    /// <summary>
    /// Adds the members. Each is told every member's URL (its own included), gets its own data directory, the cluster
    /// secret and the hash of the drill's issuer key: security is on under the AppHost as everywhere else.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ExecutableResource>> AddCivicTrustCluster(
        this IDistributedApplicationBuilder builder, string dataRoot, ClusterCredentials credentials)
    {
        var assembly = NodeAssembly.Path;
        var nodes = ClusterSize.NodeNames(builder.Configuration)
            .Select(name => builder.AddExecutable(name, "dotnet", Path.GetDirectoryName(assembly)!, assembly)
                // Unproxied: behind the orchestrator's proxy a dead node still accepts connections and peers wait out
                // timeouts instead of getting "connection refused" at once (docs/platform.md: 650 vs 350 ms failover).
                .WithHttpEndpoint(name: "http", isProxied: false)
                .WithHttpHealthCheck("/health")
                .WithOtlpExporter()
                .WithCrashCommand())
            .ToList();

        var memberList = MemberUrls(nodes);
        var snapshotInterval = builder.Configuration[SnapshotIntervalKey];
        foreach (var node in nodes)
        {
            if (snapshotInterval is { Length: > 0 })
            {
                node.WithEnvironment("Cluster__SnapshotInterval", snapshotInterval);
            }

            credentials.GiveMember(node);
            var http = node.GetEndpoint("http");
            node.WithEnvironment("ASPNETCORE_URLS", http)
                .WithEnvironment("Cluster__Members", memberList)
                .WithEnvironment("Cluster__PublicUrl", http)
                .WithEnvironment("Cluster__NodeId", node.Resource.Name)
                .WithEnvironment("Cluster__DataDir", Path.Combine(dataRoot, node.Resource.Name));
        }

        return nodes;
    }

    /// <summary>The members' URLs, comma-separated, as each resource will see them at run time.</summary>
    public static ReferenceExpression MemberUrls(IEnumerable<IResourceBuilder<ExecutableResource>> nodes)
    {
        var members = new ReferenceExpressionBuilder();
        foreach (var node in nodes)
        {
            if (!members.IsEmpty)
            {
                members.AppendLiteral(",");
            }

            members.Append($"{node.GetEndpoint("http")}");
        }

        return members.Build();
    }
}
