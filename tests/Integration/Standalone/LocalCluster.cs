using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CivicTrust.DrillRunner.Crash;

namespace CivicTrust.Integration.Standalone;

/// <summary>Three node processes on loopback, started by <c>scripts/local-cluster.sh</c>.</summary>
public sealed class LocalCluster : ScriptedCluster
{
    private LocalCluster(string directory, string script, string nodeArguments)
        : base(directory, script, nodeArguments)
    {
    }

    /// <inheritdoc/>
    private protected override string RestartPlaceholder => "{port}";

    /// <inheritdoc/>
    private protected override INodeDamager Damager => new CommandTemplateDamager($"{ScriptCommand} damage '{Directory}' {{port}} {{area}}");

    /// <summary>Starts three nodes on free loopback ports and waits until each sees the same leader.</summary>
    /// <param name="token">Cancels the start.</param>
    /// <param name="nodeArguments">Extra node arguments (e.g. <c>--Cluster:SnapshotInterval 50</c>).</param>
    public static async Task<LocalCluster> StartAsync(CancellationToken token, string nodeArguments = "")
    {
        var cluster = new LocalCluster(NewDirectory("local"), Path.Combine(RepositoryRoot(), "scripts", "local-cluster.sh"), nodeArguments);
        var ports = FreePorts(3);
        cluster.Endpoints = [.. ports.Select(p => new Uri($"http://127.0.0.1:{p}/"))];
        await cluster.RunScriptAsync(["up", cluster.Directory, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))], token);
        await cluster.WaitForLeaderAsync(token);
        return cluster;
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
