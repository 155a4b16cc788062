using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Security;

/// <summary>A node without credentials refuses to start, unless it is told, loudly, to run open.</summary>
public sealed class NodeStartupTests
{
    [Fact]
    public async Task A_node_without_keys_or_secret_refuses_to_start_and_says_why()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var node = Start(out var stdout, out var stderr);

        await node.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, node.ExitCode);
        var error = await stderr;
        Assert.Contains("no issuer keys and no cluster secret", error, StringComparison.Ordinal);
        Assert.Contains("--Security:AllowAnonymous true", error, StringComparison.Ordinal);
        _ = await stdout;
    }

    [Fact]
    public async Task Allow_anonymous_starts_an_open_node_that_says_so_in_its_log_and_status()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var node = Start(out var stdout, out _, "--Security:AllowAnonymous", "true");
        try
        {
            using var http = new HttpClient();
            var client = new HttpNodeClient(http, Url, TimeSpan.FromSeconds(2));
            ClusterStatusResponse? status = null;
            while (status is null)
            {
                Assert.False(node.HasExited, "The node stopped although it was told to allow anonymous writes.");
                try
                {
                    status = await client.GetStatusAsync(timeout.Token);
                }
                catch (NodeUnreachableException)
                {
                    await Task.Delay(100, timeout.Token);
                }
            }

            Assert.Equal(new SecurityStatusResponse(AnonymousWrites: true, ReadsRequireKey: false, RaftAuthenticated: false), status.Security);
        }
        finally
        {
            node.Kill();
            await node.WaitForExitAsync(CancellationToken.None);
        }

        var log = await stdout;
        Assert.Contains("SECURITY: Security:AllowAnonymous is true", log, StringComparison.Ordinal);
        Assert.Contains("SECURITY: no Security:ClusterSecret", log, StringComparison.Ordinal);
    }

    private Uri Url { get; } = new($"http://127.0.0.1:{FreePort()}/");

    // The bare binary, with no Security section anywhere: not through the cluster scripts, which always configure one.
    private Process Start(out Task<string> stdout, out Task<string> stderr, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var dataDir = Path.Combine(Path.GetTempPath(), "civictrust-tests", "startup-" + Guid.NewGuid().ToString("n")[..8]);
        foreach (var argument in (string[])[ScriptedCluster.NodeDll(), "--urls", Url.ToString(), "--Cluster:Members", Url.ToString(), "--Cluster:DataDir", dataDir, .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("Security__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        var process = Process.Start(start)!;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
