using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Drill;

/// <summary>key-compromise against the in-memory cluster: the load's key rotated out mid-load, and the revoked key tried everywhere.</summary>
public sealed class KeyCompromiseDrillTests
{
    private static (NodeCrashDrill Drill, InMemoryKeyAdmin Admin) Create(InMemoryCluster cluster)
    {
        var admin = new InMemoryKeyAdmin(cluster);
        var options = new DrillOptions { Fault = DrillFaults.KeyCompromise, DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var injectors = new FaultInjectors(new InMemoryCrashInjector(cluster), KeyAdmin: admin);
        return (new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), injectors, options, TimeProvider.System, "keyrun"), admin);
    }

    [Fact]
    public async Task The_load_moves_to_a_second_key_the_first_is_revoked_refused_everywhere_and_the_drill_passes()
    {
        var cluster = new InMemoryCluster(3);
        var (drill, _) = Create(cluster);
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.True(result.Passed, DrillReport.Summary(result));
            var faults = drill.History.Faults;
            var revocation = Assert.Single(faults, f => f.Crash);
            Assert.Equal((FaultActions.RevokeKey, revocation.EndMs), (revocation.Action, result.CrashTs!.Value));
            // Two keys admitted and handed to the load, the first revoked at crash_ts, listed by every member, the second retired.
            Assert.Equal(
                [FaultActions.AdmitKey, FaultActions.UseKey, FaultActions.AdmitKey, FaultActions.UseKey, FaultActions.RevokeKey, FaultActions.KeyListed,
                    FaultActions.KeyListed, FaultActions.KeyListed, FaultActions.RevokeKey],
                faults.Where(f => f.Key is not null).Select(f => f.Action));
            var (first, second) = (faults.First(f => f.Action == FaultActions.AdmitKey).Key, faults.Last(f => f.Action == FaultActions.AdmitKey).Key);
            Assert.Equal(first, revocation.Key);
            Assert.All(cluster.IssuerKeys.All, k => Assert.Equal(IssuerKeyStateNames.Revoked, k.State));
            // The load wrote with both keys; after the revocation only probes carried the first, each refused by every member.
            var operations = drill.History.Operations;
            Assert.Contains(operations, o => o.Key == first && o.Status == 201 && o.Index < revocation.Index);
            Assert.Contains(operations, o => o.Key == second && o.Status == 201);
            var probes = operations.Where(o => o.Key == first && o.StartSeq > revocation.EndSeq).ToList();
            Assert.Equal(9, probes.Count);
            Assert.All(probes, p => Assert.Equal(401, p.Status));
            // The leader was never taken away, and no election happened.
            Assert.Equal(("node-a", "node-a"), (result.OldLeaderId, result.NewLeaderId));
            Assert.Contains("kept", result.Criteria.Single(c => c.Id == DrillCriteria.NewLeaderElected).Measured, StringComparison.Ordinal);
            Assert.True(result.Criteria.Single(c => c.Id == DrillCriteria.NoWriteAfterRevocation).Passed);
            // The refused probes were settled like any undecided document.
            Assert.Empty(DecisionCheck.Tally(operations, drill.MemberLogs).Undecided);
            Assert.Contains("the load's first issuer key revoked", DrillReport.ToMarkdown(result), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cluster_that_still_takes_a_revoked_key_fails_no_write_after_revocation_and_only_it()
    {
        var cluster = new InMemoryCluster(3);
        cluster.IssuerKeys.AcceptRevoked = true;
        var (drill, _) = Create(cluster);
        using (drill)
        {
            var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

            Assert.Equal([DrillCriteria.NoWriteAfterRevocation], result.FailedCriteria.Select(c => c.Id));
            Assert.Contains(result.Findings, f => f.StartsWith("revoked key: ", StringComparison.Ordinal) && f.Contains("after the revocation was acknowledged", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_admin_key_a_member_refuses_stops_the_drill_before_any_document_is_sent()
    {
        var cluster = new InMemoryCluster(3);
        var (drill, admin) = Create(cluster);
        admin.RefusingMembers.Add(1);
        using (drill)
        {
            var refused = await Assert.ThrowsAsync<CrashFailedException>(() => drill.RunAsync(300, TimeSpan.FromSeconds(10)));

            Assert.Contains("401 (the admin key is missing or wrong)", refused.Message, StringComparison.Ordinal);
            Assert.Empty(drill.History.Operations);
        }
    }

    [Fact]
    public void A_key_compromise_drill_without_the_admin_key_is_refused()
    {
        var cluster = new InMemoryCluster(3);
        var options = new DrillOptions { Fault = DrillFaults.KeyCompromise };

        var refused = Assert.Throws<ArgumentException>(() =>
            new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)), options, TimeProvider.System, "keyrun"));
        Assert.Contains("needs the admin key (--admin-key or CIVICTRUST_ADMIN_KEY)", refused.Message, StringComparison.Ordinal);
    }
}
