using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CivicTrust.DrillRunner.Cli;

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
