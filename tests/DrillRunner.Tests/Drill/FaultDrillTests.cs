using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Drill;

/// <summary>The faults beyond a kill: a paused member, a partitioned one, a follower as the target, a second leader killed.</summary>
public sealed class FaultDrillTests
{
    // The in-memory cluster elects 50 ms after a leader is lost, on the thread pool; under a loaded test run that can
    // take far longer, and a fault that ends first lets the target win again. Long enough to never race it.
    private static readonly TimeSpan ElectionMargin = TimeSpan.FromSeconds(2);

    private static (NodeCrashDrill Drill, InMemoryCluster Cluster, InMemoryCrashInjector Crash, InMemoryPauser Pause) Create(DrillOptions options, InMemoryCluster? cluster = null, InMemoryIsolator? isolator = null)
    {
        cluster ??= new InMemoryCluster(3);
        var crash = new InMemoryCrashInjector(cluster);
        var pause = new InMemoryPauser(cluster);
        options = options with { DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var drill = new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(crash, new InMemoryRestarter(cluster), pause, isolator), options, TimeProvider.System, "testrun");
        return (drill, cluster, crash, pause);
    }

    [Fact]
    public async Task A_partitioned_leader_is_replaced_acknowledges_nothing_and_rejoins_after_the_heal()
    {
        var cluster = new InMemoryCluster(3);
        var isolator = new InMemoryIsolator(cluster);
        var (drill, _, crash, _) = Create(new DrillOptions { Fault = DrillFaults.Partition, FaultDuration = ElectionMargin }, cluster, isolator);
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["cut node-a", "heal node-a"], isolator.Events);
            Assert.Empty(crash.Crashed);
            Assert.Equal("partition", result.Fault);
            Assert.NotEqual("node-a", result.NewLeaderId);
            Assert.Contains(result.Findings, f => f.Contains("while cut off", StringComparison.Ordinal) && f.Contains("503", StringComparison.Ordinal));
            Assert.Contains(result.Findings, f => f.Contains("node-a follows", StringComparison.Ordinal));
            // The probes went on until the heal, long after the load ended: each one is settled too, so every document
            // the drill sent is decided in the members' logs.
            var decisions = DecisionCheck.Tally(drill.History.Operations, drill.MemberLogs);
            Assert.True(decisions.Undecided.Count == 0, $"{decisions.Undecided.Count} of {decisions.Sent} documents undecided");
        }
    }

    [Fact]
    public async Task A_cut_off_member_that_acknowledges_a_write_fails_the_drill()
    {
        var cluster = new InMemoryCluster(3) { AcknowledgesWithoutQuorum = true };
        var (drill, _, _, _) = Create(new DrillOptions { Fault = DrillFaults.Partition, FaultDuration = ElectionMargin }, cluster, new InMemoryIsolator(cluster));
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.False(result.Passed);
            Assert.Contains(DrillCriteria.NoStaleAcknowledgement, result.FailedCriteria.Select(c => c.Id));
            Assert.DoesNotContain(DrillCriteria.NoErrors, result.FailedCriteria.Select(c => c.Id));
            Assert.Contains(result.Findings, e => e.Contains("while cut off from its peers", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_partition_drill_without_an_isolator_is_refused()
    {
        var cluster = new InMemoryCluster(3);
        var options = new DrillOptions { Fault = DrillFaults.Partition };

        Assert.Throws<ArgumentException>(() => new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)), options, TimeProvider.System, "testrun"));
    }

    [Fact]
    public async Task A_paused_leader_is_replaced_then_resumed_and_rejoins_as_follower()
    {
        var (drill, _, crash, pause) = Create(new DrillOptions { Fault = DrillFaults.Pause, FaultDuration = ElectionMargin });
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["pause node-a", "resume node-a"], pause.Events);
            Assert.Empty(crash.Crashed);
            Assert.Equal("pause", result.Fault);
            Assert.NotEqual("node-a", result.NewLeaderId);
            Assert.Contains(result.Findings, f => f.Contains("node-a follows", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_drill_disposed_mid_pause_still_resumes_the_member()
    {
        var (drill, _, _, pause) = Create(new DrillOptions { Fault = DrillFaults.Pause, FaultDuration = TimeSpan.FromMinutes(10) });
        await drill.StartIssuanceAsync(50);
        await drill.WaitUntilAcknowledgedAsync(10, TimeSpan.FromSeconds(10));
        await drill.InjectFaultAsync(50, TimeSpan.FromSeconds(10));

        drill.Dispose();

        Assert.Equal(["pause node-a", "resume node-a"], pause.Events);
    }

    [Fact]
    public async Task Killing_a_follower_keeps_the_leader_and_passes()
    {
        var (drill, _, crash, _) = Create(new DrillOptions { Fault = DrillFaults.Kill, Target = DrillTarget.Follower });
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal("node-b", Assert.Single(crash.Crashed).NodeId);
            Assert.Equal("node-a", result.NewLeaderId);
        }
    }

    [Fact]
    public async Task Killing_the_new_leader_too_leaves_one_member_that_must_refuse_writes()
    {
        var (drill, _, crash, _) = Create(new DrillOptions { Fault = DrillFaults.KillNewLeader });
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["node-a", "node-b"], crash.Crashed.Select(c => c.NodeId));
            Assert.Contains(result.Findings, f => f.Contains("no majority left", StringComparison.Ordinal) && f.Contains("503", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Killing_new_leaders_of_five_goes_on_until_two_members_are_left_and_both_refuse_writes()
    {
        var (drill, cluster, crash, _) = Create(new DrillOptions { Fault = DrillFaults.KillNewLeader }, new InMemoryCluster(5));
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal(["node-a", "node-b", "node-c"], crash.Crashed.Select(c => c.NodeId));
            Assert.Equal(2, result.Findings.Count(f => f.Contains("no majority left", StringComparison.Ordinal) && f.Contains("503", StringComparison.Ordinal)));
            Assert.All(cluster.Nodes, n => Assert.True(n.Alive));
        }
    }

    [Fact]
    public async Task A_lone_member_that_acknowledges_a_write_fails_the_drill()
    {
        var (drill, cluster, _, _) = Create(new DrillOptions { Fault = DrillFaults.KillNewLeader });
        cluster.AcknowledgesWithoutQuorum = true;
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.False(result.Passed);
            Assert.Contains(DrillCriteria.NoStaleAcknowledgement, result.FailedCriteria.Select(c => c.Id));
            Assert.DoesNotContain(DrillCriteria.NoErrors, result.FailedCriteria.Select(c => c.Id));
            Assert.Contains(result.Findings, e => e.Contains("members were up: no majority can have committed it", StringComparison.Ordinal));
        }
    }
}
