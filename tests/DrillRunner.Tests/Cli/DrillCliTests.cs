using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Cli;

public sealed class DrillCliTests
{
    [Fact]
    public async Task A_drill_that_cannot_run_exits_2_and_leaves_an_error_report()
    {
        var directory = Path.Combine(Path.GetTempPath(), "civictrust-cli-" + Guid.NewGuid().ToString("n")[..8]);
        var settings = new DrillSettings { Nodes = [.. ClosedPorts(3).Select(p => new Uri($"http://127.0.0.1:{p}/"))], ReportDirectory = directory };
        try
        {
            var code = await DrillCli.RunAsync(settings, CancellationToken.None);

            Assert.Equal(2, code);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "drill-report.json")));
            Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
            Assert.False(report.RootElement.GetProperty("passed").GetBoolean());
            Assert.Contains("not fully reachable", report.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(3, report.RootElement.GetProperty("nodes").GetArrayLength());
            Assert.Contains("ERROR", await File.ReadAllTextAsync(Path.Combine(directory, "drill-report.md")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "refused the admin key (401)")]
    [InlineData(HttpStatusCode.Forbidden, "has no admin key configured (403): set Security:AdminKeySha256 on every member")]
    [InlineData(HttpStatusCode.NotFound, "does not serve /admin/issuer-keys (404)")]
    public async Task Key_compromise_with_an_admin_key_the_members_refuse_exits_2_before_any_document(HttpStatusCode refusal, string reason)
    {
        using var members = new ListeningMembers(3, refusal);
        var directory = Path.Combine(Path.GetTempPath(), "civictrust-cli-" + Guid.NewGuid().ToString("n")[..8]);
        var settings = new DrillSettings { Nodes = members.Endpoints, ReportDirectory = directory, Fault = CivicTrust.Drill.Faults.DrillFaults.KeyCompromise, AdminKey = "wrong" };
        try
        {
            var code = await DrillCli.RunAsync(settings, CancellationToken.None);

            Assert.Equal(2, code);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "drill-report.json")));
            Assert.Equal(("error", "key-compromise"), (report.RootElement.GetProperty("verdict").GetString(), report.RootElement.GetProperty("fault").GetString()));
            var why = report.RootElement.GetProperty("reason").GetString();
            Assert.Contains("--fault key-compromise cannot run: " + members.Endpoints[0], why, StringComparison.Ordinal);
            Assert.Contains(reason, why, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong", await File.ReadAllTextAsync(Path.Combine(directory, "drill-report.json")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void The_live_view_never_draws_over_json_on_stdout() =>
        Assert.False(DrillLiveView.IsWanted(new DrillSettings { Nodes = [new Uri("http://127.0.0.1:5101/")], Json = true }));

    // Ports that were free a moment ago and that nothing listens on: connections are refused at once.
    private static List<int> ClosedPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
