using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Report;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Drill;

/// <summary>The crash schedules' order of kills and restarts, and the restore that leaves the cluster whole.</summary>
public sealed class CrashScheduleTests
{
    private static (NodeCrashDrill Drill, InMemoryCluster Cluster, InMemoryCrashInjector Crash, InMemoryRestarter Restart) Create(DrillFault fault, bool brokenRestarts = false, int members = 3)
    {
        var cluster = new InMemoryCluster(members);
        var crash = new InMemoryCrashInjector(cluster);
        var restart = new InMemoryRestarter(cluster) { Broken = brokenRestarts };
        var options = new DrillOptions { Fault = fault, DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var drill = new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), crash, options, TimeProvider.System, "testrun", restart);
        return (drill, cluster, crash, restart);
    }

    [Fact]
    public async Task Lagging_majority_kills_both_followers_then_the_leader_and_restarts_the_followers_first()
    {
        var (drill, cluster, crash, restart) = Create(DrillFault.LaggingMajority);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["node-b", "node-c", "node-a"], crash.Crashed.Select(c => c.NodeId));
            // The member killed mid-stream first, then the one that was down longest; the old leader only at restore.
            Assert.Equal(["node-c", "node-b", "node-a"], restart.Restarted);
            Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
            Assert.NotEqual("node-a", result.NewLeaderId);
        }
    }

    [Fact]
    public async Task Lagging_majority_of_five_keeps_two_followers_down_while_the_rest_commit()
    {
        var (drill, cluster, crash, restart) = Create(DrillFault.LaggingMajority, members: 5);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            // b and c lag (a step of acknowledgements apart), d and e die mid-stream, then the leader.
            Assert.Equal(["node-b", "node-c", "node-d", "node-e", "node-a"], crash.Crashed.Select(c => c.NodeId));
            Assert.Equal(["node-e", "node-d", "node-c", "node-b", "node-a"], restart.Restarted);
            Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
            Assert.NotEqual("node-a", result.NewLeaderId);
        }
    }

    [Fact]
    public async Task Follower_then_leader_of_five_restarts_two_followers_before_the_leader_dies()
    {
        var (drill, _, crash, restart) = Create(DrillFault.FollowerThenLeader, members: 5);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["node-b", "node-c", "node-a"], crash.Crashed.Select(c => c.NodeId));
            Assert.Equal(["node-b", "node-c", "node-a"], restart.Restarted);
        }
    }

    [Fact]
    public async Task Kill_all_of_five_kills_and_restarts_every_member()
    {
        var (drill, cluster, crash, restart) = Create(DrillFault.KillAll, members: 5);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(5, crash.Crashed.Count);
            Assert.Equal(5, restart.Restarted.Count);
            Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
        }
    }

    [Fact]
    public async Task Follower_then_leader_restarts_the_follower_before_the_leader_dies()
    {
        var (drill, _, crash, restart) = Create(DrillFault.FollowerThenLeader);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["node-b", "node-a"], crash.Crashed.Select(c => c.NodeId));
            Assert.Equal(["node-b", "node-a"], restart.Restarted);
        }
    }

    [Fact]
    public async Task Kill_all_accepts_any_member_as_the_next_leader()
    {
        var (drill, cluster, crash, restart) = Create(DrillFault.KillAll);
        using (drill)
        {
            var result = await drill.RunAsync(400, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(3, crash.Crashed.Count);
            Assert.Equal(3, restart.Restarted.Count);
            Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
        }
    }

    [Fact]
    public async Task A_killed_member_that_never_comes_back_fails_the_drill_instead_of_being_skipped()
    {
        // kill with a restarter: the old leader is restored before verification, so its log must be read.
        var (drill, _, _, restart) = Create(DrillFault.Kill, brokenRestarts: true);
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
            cluster.Nodes, new InMemoryDrillLedger(), new InMemoryCrashInjector(cluster), new DrillOptions(), TimeProvider.System, "testrun"));
        Assert.Contains("at least 3 members", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_without_a_restarter_is_refused()
    {
        var cluster = new InMemoryCluster(3);
        var options = new DrillOptions { Fault = DrillFault.KillAll };
        Assert.Throws<ArgumentException>(() => new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new InMemoryCrashInjector(cluster), options, TimeProvider.System, "testrun"));
    }
}
