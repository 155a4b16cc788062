using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Integration.Durability;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Soak;

/// <summary>
/// The disk faults' soaks: 50 drills of one fault back to back on one standalone cluster, none may lose, duplicate or
/// serve a damaged document. Excluded from the default run:
/// <c>CIVICTRUST_SOAK=1 dotnet test tests/Integration --filter "Category=Soak&amp;FullyQualifiedName~DiskFault"</c>.
/// </summary>
public sealed class DiskFaultSoakTests(ITestOutputHelper output)
{
    private const int Rounds = 50;
    private const int Documents = 3000;

    /// <summary>Every member's power cut at once, 50 times: each restarts on what its own disk kept.</summary>
    [SoakFact(OwnDisks = true)]
    [Trait("Category", "Soak")]
    public async Task Fifty_power_losses_of_every_member_lose_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, ownDisks: true);

        var failures = await SoakRounds.RunAsync(cluster, Rounds, Documents,
            _ => new DrillOptions { Fault = DrillFaults.PowerLoss, Target = DrillTarget.All, DocumentsPerSecond = 1000 }, output, timeout.Token);

        Assert.Empty(failures);
    }

    /// <summary>
    /// Damage at rest, 50 times, alternating the leader's log and a follower's snapshot; snapshots every 40 entries, so
    /// repairs take snapshot installs as well as appends.
    /// </summary>
    [SoakFact]
    [Trait("Category", "Soak")]
    public async Task Fifty_disk_corruptions_are_found_and_repaired_and_nothing_is_lost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, "--Cluster:SnapshotInterval 40");

        var failures = await SoakRounds.RunAsync(cluster, Rounds, Documents, round => round % 2 == 1
            ? new DrillOptions { Fault = DrillFaults.DiskCorruption, Corrupt = DiskArea.Log, Target = DrillTarget.Leader, DocumentsPerSecond = 1000 }
            : new DrillOptions { Fault = DrillFaults.DiskCorruption, Corrupt = DiskArea.Snapshot, Target = DrillTarget.Follower, DocumentsPerSecond = 1000 },
            output, timeout.Token);

        Assert.Empty(failures);
    }

    /// <summary>A member's whole disk lost, 50 times, alternating the leader and a follower.</summary>
    [SoakFact]
    [Trait("Category", "Soak")]
    public async Task Fifty_lost_disks_come_back_with_every_document()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, "--Cluster:SnapshotInterval 40");

        var failures = await SoakRounds.RunAsync(cluster, Rounds, Documents,
            round => new DrillOptions { Fault = DrillFaults.DiskLoss, Target = round % 2 == 1 ? DrillTarget.Leader : DrillTarget.Follower, DocumentsPerSecond = 1000 },
            output, timeout.Token);

        Assert.Empty(failures);
    }
}
