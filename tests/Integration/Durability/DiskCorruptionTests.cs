using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Durability;

/// <summary>
/// Damage at rest on real node processes: a member is killed, bits of its log or its newest snapshot are flipped on
/// its disk, and it is started again on that disk. It must find the damage, serve none of it and be repaired from its
/// peers; the drill's every criterion holds, and the three logs end identical.
/// </summary>
public sealed class DiskCorruptionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DiskArea.Log, DrillTarget.Leader)]
    [InlineData(DiskArea.Snapshot, DrillTarget.Follower)]
    public async Task A_damaged_member_finds_the_damage_and_is_repaired_from_its_peers(DiskArea area, DrillTarget target)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        // Snapshots every 40 entries, so that the member has a snapshot to damage and its peers have compacted the
        // entries it needs: its repair takes a snapshot install, not only appends.
        await using var cluster = await LocalCluster.StartAsync(token, area == DiskArea.Snapshot ? "--Cluster:SnapshotInterval 40" : "");
        var options = new DrillOptions { Fault = DrillFaults.DiskCorruption, Corrupt = area, Target = target, DocumentsPerSecond = 1000 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Contains(result.Criteria, c => c.Id == DrillCriteria.DamageRepaired && c.Passed);
        var logs = await cluster.ReadLogsAsync(token);
        Assert.All(logs, log => Assert.Equal(logs[0], log));
    }
}
