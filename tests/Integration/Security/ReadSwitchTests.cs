using System.Net;
using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cli;
using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Security;

/// <summary><c>Security:RequireKeyForReads</c>: reads need a key too, health probes never do.</summary>
public sealed class ReadSwitchTests
{
    [Fact]
    public async Task With_the_switch_reads_need_a_key_and_health_stays_open()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, "--Security:RequireKeyForReads true");
        var node = cluster.Endpoints[0];
        using var anonymous = SecuredCluster.Client(cluster, node, authorization: null);
        using var keyed = SecuredCluster.Client(cluster, node, SecuredCluster.Bearer(cluster.IssuerKey));
        var hash = new string('a', 64);

        foreach (var path in new[] { "/cluster/status", "/log", $"/documents/{hash}" })
        {
            using var refused = await anonymous.GetAsync(path, timeout.Token);
            using var allowed = await keyed.GetAsync(path, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var health = await anonymous.GetAsync("/health", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // A drill without the key stops before anything and says why, rather than calling the members unreachable.
        var reports = Path.Combine(Path.GetTempPath(), "civictrust-tests", "read-switch-" + Guid.NewGuid().ToString("n")[..8]);
        var code = await DrillCli.RunAsync(new DrillSettings { Nodes = cluster.Endpoints, ReportDirectory = reports, Documents = 10, ClusterCa = cluster.ClusterCa }, timeout.Token);
        Assert.Equal(2, code);
        var error = JsonSerializer.Deserialize<DrillReportHeadline>(await File.ReadAllTextAsync(Path.Combine(reports, "drill-report.json"), timeout.Token));
        Assert.Equal("error", error!.Verdict);
        Assert.Contains("requires an issuer key for reads", await File.ReadAllTextAsync(Path.Combine(reports, "drill-report.md"), timeout.Token), StringComparison.Ordinal);
    }
}
