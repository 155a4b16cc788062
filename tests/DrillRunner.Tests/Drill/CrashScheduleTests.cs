using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Drill;

/// <summary>The crash schedules' order of kills and restarts, and the restore that leaves the cluster whole.</summary>
public sealed class CrashScheduleTests
{
    private static (NodeCrashDrill Drill, InMemoryCluster Cluster, InMemoryCrashInjector Crash, InMemoryRestarter Restart) Create(IDrillFault fault, bool brokenRestarts = false, int members = 3)
    {
        var cluster = new InMemoryCluster(members);
        var crash = new InMemoryCrashInjector(cluster);
        var restart = new InMemoryRestarter(cluster) { Broken = brokenRestarts };
        var options = new DrillOptions { Fault = fault, DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var drill = new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(crash, restart), options, TimeProvider.System, "testrun");
        return (drill, cluster, crash, restart);
    }

    // Three members: one follower lags, the other dies mid-stream. Five: two lag (a step of acknowledgements apart),
    // two die mid-stream. Then the leader; the latest victim restarts first, the old leader only at restore.
    [Theory]
    [InlineData(3, "node-b,node-c,node-a", "node-c,node-b,node-a")]
    [InlineData(5, "node-b,node-c,node-d,node-e,node-a", "node-e,node-d,node-c,node-b,node-a")]
    public async Task Lagging_majority_keeps_the_followers_a_majority_can_spare_down_then_kills_the_rest(int members, string killed, string restarted)
    {
        var (result, cluster, crash, restart) = await RunAsync(DrillFaults.LaggingMajority, members);

        Assert.Equal(killed.Split(','), crash.Crashed.Select(c => c.NodeId));
        Assert.Equal(restarted.Split(','), restart.Restarted);
        Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
        Assert.NotEqual("node-a", result.NewLeaderId);
    }

    [Theory]
    [InlineData(3, "node-b,node-a")]
    [InlineData(5, "node-b,node-c,node-a")]
    public async Task Follower_then_leader_restarts_the_followers_a_majority_can_spare_before_the_leader_dies(int members, string killedAndRestarted)
    {
        var (_, _, crash, restart) = await RunAsync(DrillFaults.FollowerThenLeader, members);

        Assert.Equal(killedAndRestarted.Split(','), crash.Crashed.Select(c => c.NodeId));
        Assert.Equal(killedAndRestarted.Split(','), restart.Restarted);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Kill_all_kills_and_restarts_every_member_and_accepts_any_as_the_next_leader(int members)
    {
        var (_, cluster, crash, restart) = await RunAsync(DrillFaults.KillAll, members);

        Assert.Equal(members, crash.Crashed.Count);
        Assert.Equal(members, restart.Restarted.Count);
        Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
    }

    // A passing run of the schedule (any failure is reported with the drill's summary).
    private static async Task<(DrillResult Result, InMemoryCluster Cluster, InMemoryCrashInjector Crash, InMemoryRestarter Restart)> RunAsync(IDrillFault fault, int members)
    {
        var (drill, cluster, crash, restart) = Create(fault, members: members);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));
            Assert.True(result.Passed, DrillReport.Summary(result));
            return (result, cluster, crash, restart);
        }
    }

    [Fact]
    public async Task A_killed_member_that_never_comes_back_fails_the_drill_instead_of_being_skipped()
    {
        // kill with a restarter: the old leader is restored before verification, so its log must be read.
        var (drill, _, _, restart) = Create(DrillFaults.Kill, brokenRestarts: true);
        using (drill)
        {
            var result = await drill.RunAsync(200, TimeSpan.FromSeconds(2));

            Assert.False(result.Passed);
            Assert.Equal(["node-a"], restart.Restarted);
            Assert.Contains(DrillCriteria.NoErrors, result.Criteria.Where(c => !c.Passed).Select(c => c.Id));
            Assert.Contains(result.Errors, e => e.Contains("node-a", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_cluster_too_small_to_fail_over_is_refused(int members)
    {
        var cluster = new InMemoryCluster(members);
        var error = Assert.Throws<ArgumentException>(() => new NodeCrashDrill(
            cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)), new DrillOptions(), TimeProvider.System, "testrun"));
        Assert.Contains("at least 3 members", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_without_a_restarter_is_refused()
    {
        var cluster = new InMemoryCluster(3);
        var options = new DrillOptions { Fault = DrillFaults.KillAll };
        Assert.Throws<ArgumentException>(() => new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)), options, TimeProvider.System, "testrun"));
    }
}
