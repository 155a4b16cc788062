using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
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
    [InlineData("pause", DrillTarget.Leader)]
    [InlineData("pause", DrillTarget.Follower)]
    [InlineData("kill-new-leader", DrillTarget.Leader)]
    public async Task The_fault_passes_every_criterion(string faultName, DrillTarget target)
    {
        var fault = DrillFaults.Named(faultName);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var options = new DrillOptions { Fault = fault, Target = target, FaultDuration = TimeSpan.FromSeconds(4), DocumentsPerSecond = 500 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal(0, result.LostAcknowledged);
        if (target == DrillTarget.Leader)
        {
            Assert.NotEqual(result.OldLeaderId, result.NewLeaderId);
        }
    }

    [Fact]
    public async Task A_kill_settled_by_retry_passes_and_fences_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var options = new DrillOptions { Fault = DrillFaults.Kill, Resolve = ResolveMode.Retry, DocumentsPerSecond = 500 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal("retry", result.Resolve);
        Assert.Equal(0, result.InflightFencedByDrill);
    }
}
