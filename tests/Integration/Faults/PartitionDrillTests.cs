using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Faults;

/// <summary>
/// A partition on a real network: three nodes in their own network namespaces, one cut off from both peers by
/// nftables (packets dropped, so connections hang). The others must elect a leader while it is cut off, the cut-off
/// member must acknowledge none of the writes the drill sends it meanwhile, and after the heal it must follow the new
/// leader with a log identical to theirs.
/// </summary>
public sealed class PartitionDrillTests(ITestOutputHelper output)
{
    [NamespaceTheory]
    [InlineData(DrillTarget.Leader)]
    [InlineData(DrillTarget.Follower)]
    public async Task A_partitioned_member_acknowledges_nothing_and_rejoins(DrillTarget target)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await NamespaceCluster.StartAsync(token);
        var options = new DrillOptions { Fault = DrillFaults.Partition, Target = target, FaultDuration = TimeSpan.FromSeconds(4), DocumentsPerSecond = 500 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Contains(result.Findings, f => f.Contains("fresh documents", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Contains("healed", StringComparison.Ordinal));
        if (target == DrillTarget.Leader)
        {
            Assert.NotEqual(result.OldLeaderId, result.NewLeaderId);
        }
    }
}
