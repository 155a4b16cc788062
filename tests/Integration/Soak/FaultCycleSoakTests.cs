using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Integration.Durability;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Soak;

/// <summary>
/// The release gate's soak: 50 consecutive drills on one standalone cluster, cycling through every fault kind, each
/// leaving the cluster whole for the next. As root the cluster is three namespaced hosts and the cycle includes
/// <c>partition</c>; elsewhere it runs on loopback without it. Excluded from the default run:
/// <c>CIVICTRUST_SOAK=1 dotnet test tests/Integration --filter Category=Soak</c>.
/// </summary>
public sealed class FaultCycleSoakTests(ITestOutputHelper output)
{
    private static readonly IDrillFault[] Cycle =
    [
        DrillFaults.Kill, DrillFaults.Pause, DrillFaults.Partition, DrillFaults.KillNewLeader, DrillFaults.LaggingMajority, DrillFaults.FollowerThenLeader, DrillFaults.KillAll,
    ];

    [SoakFact]
    [Trait("Category", "Soak")]
    public async Task Fifty_drills_cycling_through_every_fault_all_pass()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        await using ScriptedCluster cluster = NamespaceCluster.CanRun ? await NamespaceCluster.StartAsync(timeout.Token) : await LocalCluster.StartAsync(timeout.Token);
        var cycle = NamespaceCluster.CanRun ? Cycle : [.. Cycle.Where(f => f != DrillFaults.Partition)];
        // The killed leader of a plain kill is restarted by the drill (it has a restarter), so the next drill finds three members.
        var failures = await SoakRounds.RunAsync(cluster, 50, 3000,
            round => new DrillOptions { Fault = cycle[(round - 1) % cycle.Length], FaultDuration = TimeSpan.FromSeconds(3), DocumentsPerSecond = 1000 },
            output, timeout.Token);

        Assert.Empty(failures);
    }
}
