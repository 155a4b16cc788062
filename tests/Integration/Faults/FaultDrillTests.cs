using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Faults;

/// <summary>
/// Faults beyond a clean kill, on three real node processes: a leader frozen with SIGSTOP (its sockets stay open and
/// answer nothing) must be replaced while it is frozen and rejoin as a follower once thawed; a follower frozen must
/// not disturb the leader; killing the new leader too must leave a lone member that acknowledges nothing, and
/// restarting one member must restore service.
/// </summary>
public sealed class FaultDrillTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DrillFault.Pause, DrillTarget.Leader)]
    [InlineData(DrillFault.Pause, DrillTarget.Follower)]
    [InlineData(DrillFault.KillNewLeader, DrillTarget.Leader)]
    public async Task The_fault_passes_every_criterion(DrillFault fault, DrillTarget target)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var runId = NodeCrashDrill.NewRunId();
        await using var ledgers = new LedgerConnector();
        var ledger = await ledgers.ConnectAsync(connectionString: null, runId);
        var options = new DrillOptions { Fault = fault, Target = target, FaultDuration = TimeSpan.FromSeconds(4), DocumentsPerSecond = 500 };
        using var drill = new NodeCrashDrill(cluster.Endpoints, ledger, new LocalSigkillInjector(), options, runId, new CommandTemplateRestarter(cluster.RestartCommand));

        DrillResult result;
        try
        {
            result = await drill.RunAsync(3000, TimeSpan.FromSeconds(30), token);
        }
        catch (Exception e) when (e is TimeoutException or CrashFailedException)
        {
            output.WriteLine(cluster.Logs(80));
            throw;
        }

        output.WriteLine(DrillReport.Summary(result));
        output.WriteLine(string.Join("\n", result.Findings));
        if (!result.Passed)
        {
            output.WriteLine(cluster.Logs());
        }

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal(0, result.LostAcknowledged);
        if (target == DrillTarget.Leader)
        {
            Assert.NotEqual(result.OldLeaderId, result.NewLeaderId);
        }
    }
}
