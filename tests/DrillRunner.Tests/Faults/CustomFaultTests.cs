using CivicTrust.Drill;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Faults;

/// <summary>The drill sequences whatever fault it is given: a new one is its own type, and nothing in the drill changes.</summary>
public sealed class CustomFaultTests
{
    [Fact]
    public async Task A_fault_the_runner_does_not_ship_runs_through_the_drill_and_is_judged_like_any_other()
    {
        var cluster = new InMemoryCluster(3);
        var crash = new InMemoryCrashInjector(cluster);
        var restart = new InMemoryRestarter(cluster);
        var options = new DrillOptions { Fault = new FollowerBounceThenLeaderFault(), DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var drill = new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(crash, restart), options, TimeProvider.System, "customrun");

        var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal(["node-b", "node-a"], crash.Crashed.Select(c => c.NodeId));
        Assert.Equal(["node-b", "node-a"], restart.Restarted);
        Assert.Equal("follower-bounce", result.Fault);
        Assert.StartsWith("follower-bounce: in-memory crash", result.CrashMethod, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_that_needs_a_restarter_is_refused_without_one()
    {
        var cluster = new InMemoryCluster(3);
        var options = new DrillOptions { Fault = new FollowerBounceThenLeaderFault() };

        var refused = Assert.Throws<ArgumentException>(() =>
            new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)), options, TimeProvider.System, "customrun"));
        Assert.Contains("follower-bounce schedule restarts the members it kills", refused.Message, StringComparison.Ordinal);
    }

    // A follower killed and brought back, then the leader killed: built from the schedule's moves alone.
    private sealed class FollowerBounceThenLeaderFault : IDrillFault
    {
        public string Name => "follower-bounce";

        public string Help => "kill and restart a follower, then kill the leader";

        public FaultNeeds Needs => FaultNeeds.Restarter;

        public FaultTargets Targets => FaultTargets.None;

        public async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
        {
            var follower = await schedule.KillMemberAsync(schedule.Followers[0], token);
            await schedule.RestartMemberAsync(follower, token);
            return await schedule.CrashAsync(schedule.Leader, token);
        }
    }
}
