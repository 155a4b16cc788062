using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Drill;

/// <summary>The whole drill against an in-memory cluster, including clusters with injected faults it must catch.</summary>
public sealed class NodeCrashDrillTests
{
    private static readonly DrillOptions FastOptions = new() { DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };

    private static (NodeCrashDrill Drill, InMemoryCluster Cluster, InMemoryDrillLedger Ledger, InMemoryCrashInjector Crash) Create()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        var crash = new InMemoryCrashInjector(cluster);
        var drill = new NodeCrashDrill(cluster.Nodes, ledger, new FaultInjectors(crash), FastOptions, TimeProvider.System, "testrun");
        return (drill, cluster, ledger, crash);
    }

    // Issue, wait for a share of acknowledgements, kill the leader: the drill's first two phases, as RunAsync does them.
    private static async Task CrashMidIssuanceAsync(NodeCrashDrill drill, int documents, int acknowledged)
    {
        await drill.StartIssuanceAsync(documents);
        await drill.WaitUntilAcknowledgedAsync(acknowledged, TimeSpan.FromSeconds(10));
        await drill.KillLeaderAsync();
    }

    [Fact]
    public async Task A_healthy_cluster_passes_every_criterion()
    {
        var (drill, _, ledger, crash) = Create();
        using (drill)
        {
            var result = await drill.RunAsync(200, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            Assert.Equal("node-a", result.OldLeaderId);
            Assert.Equal("node-a", Assert.Single(crash.Crashed).NodeId);
            Assert.NotNull(result.NewLeaderId);
            Assert.NotEqual(result.OldLeaderId, result.NewLeaderId);
            Assert.Equal(200, result.DocumentsSubmitted);
            Assert.True(result.CrashTs <= result.FailoverTs && result.FailoverTs <= result.RecoveryTs);
            // Nothing left in flight; the ledger keeps what clients were told (the checks write nothing to it).
            Assert.DoesNotContain((await ledger.ReadAllAsync()).Values, s => s is LedgerState.Submitted);
        }
    }

    [Fact]
    public async Task By_retry_the_documents_in_flight_are_sent_again_and_none_is_fenced()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        using var drill = new NodeCrashDrill(cluster.Nodes, ledger, new FaultInjectors(new InMemoryCrashInjector(cluster)), FastOptions with { Resolve = ResolveMode.Retry },
            TimeProvider.System, "retryrun");

        var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal("retry", result.Resolve);
        Assert.Equal(0, result.InflightFencedByDrill);
        Assert.True(result.InflightResubmittedByDrill > 0, DrillReport.Summary(result));
        Assert.Equal(result.InflightResubmittedByDrill, result.InflightCommitted);
        // Every in-flight document was sent again after the failover and came back COMMITTED from the new leader.
        var resent = drill.History.Operations.Where(o => o.Op == "issue" && o.StartMs >= result.FailoverTs && o.DocumentStatus == "COMMITTED").Select(o => o.Hash).ToHashSet();
        Assert.True(resent.Count >= result.InflightResubmittedByDrill);
        Assert.DoesNotContain((await ledger.ReadAllAsync()).Values, s => s is LedgerState.Submitted or LedgerState.Aborted);
    }

    [Fact]
    public async Task A_duplicate_in_a_node_log_fails_the_no_duplicates_criterion()
    {
        var (drill, cluster, _, _) = Create();
        using (drill)
        {
            await CrashMidIssuanceAsync(drill, 100, 30);
            var committed = cluster.Registry.ReadLog(0, 1)[0];
            cluster.Nodes[2].InjectedLogEntries.Add(new LogEntryResponse(999_999, 9, committed.Hash, LogEntryKindNames.Issue));

            var result = await drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(10));

            Assert.False(result.Passed);
            Assert.Equal([DrillCriteria.NoDuplicates], result.FailedCriteria.Select(c => c.Id));
            Assert.Equal(1, result.DuplicateCount);
            Assert.Contains(result.Findings, f => f.Contains(committed.Hash, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_document_left_pending_fails_the_inflight_criterion()
    {
        var (drill, cluster, ledger, _) = Create();
        using (drill)
        {
            await CrashMidIssuanceAsync(drill, 100, 30);
            var stuck = new string('e', 64);
            await ledger.RecordAsync(stuck, LedgerState.Submitted);
            cluster.StuckPending.Add(stuck);

            var result = await drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(2));

            Assert.False(result.Passed);
            Assert.Equal(1, result.InflightPending);
            Assert.Contains(DrillCriteria.InFlightResolved, result.FailedCriteria.Select(c => c.Id));
            Assert.Contains(DrillCriteria.ReportComplete, result.FailedCriteria.Select(c => c.Id)); // no recovery_ts
            Assert.DoesNotContain(DrillCriteria.NoDuplicates, result.FailedCriteria.Select(c => c.Id));
            Assert.Null(result.RecoveryTs);
        }
    }

    [Fact]
    public async Task Divergent_replicas_fail_the_divergence_criterion()
    {
        var (drill, cluster, _, _) = Create();
        using (drill)
        {
            await CrashMidIssuanceAsync(drill, 50, 20);
            var first = cluster.Registry.ReadLog(0, 1)[0];
            cluster.Nodes[1].InjectedLogEntries.Add(new LogEntryResponse(888_888, first.Term, new string('1', 64), LogEntryKindNames.Issue));
            cluster.Nodes[2].InjectedLogEntries.Add(new LogEntryResponse(888_888, first.Term, new string('2', 64), LogEntryKindNames.Issue));

            var result = await drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(10));

            Assert.Equal([DrillCriteria.NoDivergence], result.FailedCriteria.Select(c => c.Id));
            Assert.Equal(1, result.DivergentEntries);
        }
    }

    [Fact]
    public async Task A_cluster_that_never_elects_fails_with_the_leader_criterion_named()
    {
        var (drill, cluster, _, _) = Create();
        cluster.NoFailover = true;
        using (drill)
        {
            await CrashMidIssuanceAsync(drill, 50, 10);

            var result = await drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(1));

            var failed = result.FailedCriteria.Select(c => c.Id).ToList();
            Assert.Contains(DrillCriteria.NewLeaderElected, failed);
            Assert.Contains(DrillCriteria.FreshIssuance, failed);
            Assert.Null(result.FailoverTs);
            Assert.Null(result.NewLeaderId);
            Assert.NotEmpty(result.Errors);

            // No new leader is not a lost write: what was acknowledged is still in the logs the drill read.
            Assert.Equal(0, result.LostAcknowledged);
            Assert.DoesNotContain(DrillCriteria.NoLostAcknowledged, failed);
        }
    }

    [Fact]
    public async Task A_member_that_lost_an_acknowledged_document_fails_the_lost_acknowledged_criterion()
    {
        var (drill, cluster, ledger, _) = Create();
        using (drill)
        {
            await CrashMidIssuanceAsync(drill, 50, 10);
            var acknowledged = (await ledger.ReadAllAsync()).First(d => d.Value == LedgerState.Acknowledged).Key;
            cluster.Nodes[2].LostHashes.Add(acknowledged);

            var result = await drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(10));

            Assert.Equal([DrillCriteria.NoLostAcknowledged], result.FailedCriteria.Select(c => c.Id));
            Assert.Equal(1, result.LostAcknowledged);
            Assert.Contains(result.Findings, f => f.StartsWith($"lost: {acknowledged} (missing on node-c)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Verifying_before_the_crash_is_refused()
    {
        var (drill, _, _, _) = Create();
        using (drill)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => drill.WaitAndVerifyAsync(TimeSpan.FromSeconds(1)));
        }
    }
}
