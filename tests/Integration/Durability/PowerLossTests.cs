using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Durability;

/// <summary>
/// Power loss on real node processes, each on a disk of its own (an ext4 image on a loop device with direct I/O): the
/// cut keeps exactly what was synced, and a cluster that loses the power of its leader, of a majority or of every
/// member keeps every acknowledged document.
/// </summary>
public sealed class PowerLossTests(ITestOutputHelper output)
{
    /// <summary>The injector itself: without this, a power-loss drill that passes could be one that lost no power.</summary>
    [LoopDiskFact]
    public async Task A_power_cut_keeps_what_was_synced_and_drops_what_was_not()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, ownDisks: true);
        var port = cluster.Endpoints[0].Port;
        var disk = cluster.DataDirectoryOf(port);
        var synced = Path.Combine(disk, "synced-before-the-cut");
        var unsynced = Path.Combine(disk, "written-without-a-sync");
        // The member is held still first: any fsync on an ext4 disk commits the whole journal, so a running node that
        // syncs its log a moment after the unsynced file is created would make that file durable, as a real disk would
        // (CI caught it once). Held still, nothing but this test writes to the disk until the cut.
        await cluster.FreezeAsync(port, timeout.Token);
        await File.WriteAllTextAsync(synced, "synced", timeout.Token);
        // Everything on every disk synced, the new file's name included; only then the file that must be lost.
        using (var sync = System.Diagnostics.Process.Start("sync")!)
        {
            await sync.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, sync.ExitCode);
        }

        await File.WriteAllTextAsync(unsynced, "in the page cache only", timeout.Token);

        await cluster.CutPowerAsync(port, timeout.Token);

        Assert.Equal("synced", File.ReadAllText(synced));
        Assert.False(File.Exists(unsynced), "a file written without a sync survived the power cut: the injector kept the page cache");
    }

    [LoopDiskTheory]
    [InlineData(DrillTarget.Leader)]
    [InlineData(DrillTarget.Majority)]
    [InlineData(DrillTarget.All)]
    public async Task A_power_loss_loses_no_acknowledged_document(DrillTarget target)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token, ownDisks: true);
        var options = new DrillOptions { Fault = DrillFaults.PowerLoss, Target = target, DocumentsPerSecond = 1000 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.Equal(0, result.LostAcknowledged);
        Assert.True(result.Passed, DrillReport.Summary(result));
        var logs = await cluster.ReadLogsAsync(token);
        Assert.All(logs, log => Assert.Equal(logs[0], log));
    }
}
