using System.Text.Json;
using CivicTrust.DrillRunner.Cli;

namespace CivicTrust.Integration.Security;

/// <summary>The drill CLI against a secured cluster: its key opens the cluster and never lands in what it writes.</summary>
public sealed class DrillCredentialsTests(SecuredCluster secured) : IClassFixture<SecuredCluster>
{
    [Fact]
    public async Task A_drill_with_the_wrong_key_stops_before_writing_and_says_so()
    {
        const string wrongKey = "a-key-this-cluster-never-heard-of-0123456789";
        var directory = NewDirectory();
        var settings = new DrillSettings { Nodes = secured.Cluster.Endpoints, ReportDirectory = directory, ApiKey = wrongKey, Documents = 20, ClusterCa = secured.Cluster.ClusterCa };

        var code = await DrillCli.RunAsync(settings, CancellationToken.None);

        Assert.Equal(2, code);
        var json = await File.ReadAllTextAsync(Path.Combine(directory, "drill-report.json"));
        using var report = JsonDocument.Parse(json);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        Assert.Contains("refused the drill's issuer key (401)", report.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drill_with_its_key_passes_and_no_file_it_writes_contains_the_key()
    {
        var directory = NewDirectory();
        await secured.Cluster.WaitForLeaderAsync(CancellationToken.None);
        var settings = new DrillSettings
        {
            Nodes = secured.Cluster.Endpoints,
            ReportDirectory = directory,
            ApiKey = secured.Cluster.IssuerKey,
            Documents = 150,
            RestartCommand = secured.Cluster.RestartCommand,
            ClusterCa = secured.Cluster.ClusterCa,
        };

        var code = await DrillCli.RunAsync(settings, CancellationToken.None);

        Assert.Equal(0, code);
        var files = Directory.GetFiles(directory);
        Assert.Contains(files, f => f.EndsWith("history.jsonl", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.DoesNotContain(secured.Cluster.IssuerKey, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        foreach (var log in Directory.GetFiles(secured.Cluster.DataDirectory, "node-*.log"))
        {
            Assert.DoesNotContain(secured.Cluster.IssuerKey, await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        }
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "civictrust-tests", "drill-credentials-" + Guid.NewGuid().ToString("n")[..8]);
}
