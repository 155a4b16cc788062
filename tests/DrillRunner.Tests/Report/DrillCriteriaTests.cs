using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class DrillCriteriaTests
{
    internal static DrillMeasurements Passing() => new()
    {
        Timeline = new DrillTimeline(1_000, 2_000, 2_400, 2_600, 3_000),
        OldLeaderId = "node-a",
        NewLeaderId = "node-b",
        DocumentsSubmitted = 500,
        DocumentsAcknowledged = 490,
        Logs = new DuplicateReport(0, 0, ["node-b", "node-c"], []),
        InFlight = new InFlightResolution(6, 4, [], 2_550),
        LostAcknowledged = [],
        Linearizability = new LinearizabilityVerdict(500, []),
        FreshIssuanceOk = true,
        WriteGapMs = 450,
        Throughput = new ThroughputRecovery(100, 2_500, null),
        Ledger = "test",
        CrashMethod = "test",
    };

    private static IEnumerable<string> Failed(DrillMeasurements m) =>
        DrillCriteria.Evaluate(m, TimeSpan.FromSeconds(10)).Where(c => !c.Passed).Select(c => c.Id);

    [Fact]
    public void A_clean_run_passes_all_eleven()
    {
        var criteria = DrillCriteria.Evaluate(Passing(), TimeSpan.FromSeconds(10));
        Assert.Equal(11, criteria.Count);
        Assert.All(criteria, c => Assert.True(c.Passed, c.Id));
        Assert.Equal("400 ms (node-b)", criteria[0].Measured);
    }

    [Fact]
    public void A_fault_that_took_no_member_away_is_judged_on_a_leader_agreed_on_and_says_whether_it_is_the_one_before()
    {
        var kept = DrillCriteria.Evaluate(Passing() with { NoMemberTakenAway = true, NewLeaderId = "node-a" }, TimeSpan.FromSeconds(10))[0];
        var changed = DrillCriteria.Evaluate(Passing() with { NoMemberTakenAway = true }, TimeSpan.FromSeconds(10))[0];
        var none = DrillCriteria.Evaluate(Passing() with { NoMemberTakenAway = true, Timeline = new DrillTimeline(1_000, 2_000, null, null, 3_000) }, TimeSpan.FromSeconds(10))[0];

        Assert.Equal((DrillCriteria.NewLeaderElected, "400 ms (node-a, the leader before the fault, kept)", true), (kept.Id, kept.Measured, kept.Passed));
        Assert.Equal(("400 ms (node-b; node-a led before the fault: an election nothing called for)", true), (changed.Measured, changed.Passed));
        Assert.Equal(("no leader agreed", false), (none.Measured, none.Passed));
        Assert.Contains("no election expected", kept.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revocation_in_the_measurements_adds_its_criterion()
    {
        var clean = new RevocationVerdict(new string('1', 64), 20, 3, 3, 5, 12, 3, 9, []);
        var broken = clean with { Violations = ["http://b lists the key active, not revoked"] };

        Assert.Equal(DrillCriteria.NoWriteAfterRevocation, DrillCriteria.Evaluate(Passing() with { Revocation = clean }, TimeSpan.FromSeconds(10))[^1].Id);
        Assert.Equal([DrillCriteria.NoWriteAfterRevocation], Failed(Passing() with { Revocation = broken }));
        Assert.DoesNotContain(DrillCriteria.Evaluate(Passing(), TimeSpan.FromSeconds(10)), c => c.Id == DrillCriteria.NoWriteAfterRevocation);
    }

    [Fact]
    public void A_disk_fault_is_judged_on_the_damaged_members_repair_too()
    {
        var m = Passing();
        var repaired = DrillCriteria.Evaluate(m with { Damage = new DamageOutcome(true, true, "found and repaired") }, TimeSpan.FromSeconds(10));

        Assert.Equal(12, repaired.Count);
        Assert.True(repaired.Single(c => c.Id == DrillCriteria.DamageRepaired).Passed);
        Assert.Equal([DrillCriteria.DamageRepaired], Failed(m with { Damage = new DamageOutcome(false, false, "went unnoticed") }));
        Assert.Equal([DrillCriteria.DamageRepaired], Failed(m with { Damage = new DamageOutcome(true, false, "still repairing") }));
    }

    [Fact]
    public void Each_fault_fails_its_own_criterion()
    {
        var m = Passing();
        Assert.Equal([DrillCriteria.NewLeaderElected], Failed(m with { Timeline = m.Timeline with { FailoverTs = 12_001, RecoveryTs = 12_100 } }));
        Assert.Equal([DrillCriteria.NoDuplicates], Failed(m with { Logs = m.Logs with { DuplicateCount = 1 } }));
        Assert.Equal([DrillCriteria.InFlightResolved], Failed(m with { InFlight = m.InFlight with { Pending = ["x"] } }));
        Assert.Equal([DrillCriteria.InFlightResolved], Failed(m with { Decisions = new DecisionTally(10, 8, 1, ["z"]) }));
        Assert.Empty(Failed(m with { Decisions = new DecisionTally(10, 8, 2, []) }));
        Assert.Equal([DrillCriteria.FreshIssuance], Failed(m with { FreshIssuanceOk = false }));
        Assert.Equal([DrillCriteria.ReportComplete], Failed(m with { Timeline = m.Timeline with { RecoveryTs = null } }));
        Assert.Equal([DrillCriteria.NoDivergence], Failed(m with { Logs = m.Logs with { DivergentEntries = 2 } }));
        Assert.Equal([DrillCriteria.NoLostAcknowledged], Failed(m with { LostAcknowledged = ["y"] }));
        Assert.Equal([DrillCriteria.NoErrors], Failed(m with { Errors = ["The log of http://127.0.0.1:5102/ could not be read"] }));
        Assert.Equal([DrillCriteria.NoStaleAcknowledgement], Failed(m with { StaleAcknowledgements = ["http://127.0.0.1:5102/ acknowledged a document (201) while cut off"] }));
        Assert.Equal([DrillCriteria.Linearizable], Failed(m with { Linearizability = new LinearizabilityVerdict(500, ["aa: created (201) more than once"]) }));
        Assert.Equal([DrillCriteria.ThroughputRecovered], Failed(m with { Throughput = new ThroughputRecovery(100, 3_401, null) }));
        Assert.Equal([DrillCriteria.ThroughputRecovered], Failed(m with { Throughput = new ThroughputRecovery(100, null, null) }));
    }

    [Fact]
    public void Throughput_is_judged_against_the_failover_plus_the_allowance_and_only_when_it_could_be_measured()
    {
        var m = Passing();
        var back = DrillCriteria.Evaluate(m with { Throughput = new ThroughputRecovery(100, 3_400, null) }, TimeSpan.FromSeconds(10)).Single(c => c.Id == DrillCriteria.ThroughputRecovered);
        var unmeasured = DrillCriteria.Evaluate(m with { Throughput = new ThroughputRecovery(3, null, "3 acknowledgements before the fault") }, TimeSpan.FromSeconds(10))
            .Single(c => c.Id == DrillCriteria.ThroughputRecovered);

        Assert.Equal(("1400 ms after the fault (failover 400 ms; 100/s before it)", "<= 1400 ms", true), (back.Measured, back.Threshold, back.Passed));
        Assert.True(unmeasured.Passed);
        // A schedule that goes on after crash_ts (damage, restart) is still the fault: judged from its end.
        var afterSchedule = DrillCriteria.Evaluate(m with { Throughput = new ThroughputRecovery(100, 3_900, null), ScheduleEndedTs = 3_000 }, TimeSpan.FromSeconds(10))
            .Single(c => c.Id == DrillCriteria.ThroughputRecovered);
        Assert.Equal(("1900 ms after the fault (failover 400 ms, schedule over at 1000 ms; 100/s before it)", "<= 2000 ms", true),
            (afterSchedule.Measured, afterSchedule.Threshold, afterSchedule.Passed));
        // Not back when due, but the load had sent its last document before then: nothing to judge.
        var shortRun = DrillCriteria.Evaluate(m with { Throughput = new ThroughputRecovery(100, null, null, JudgeableUntilUnixMs: 3_300) }, TimeSpan.FromSeconds(10))
            .Single(c => c.Id == DrillCriteria.ThroughputRecovered);
        Assert.True(shortRun.Passed);
        Assert.StartsWith("not measured: the load's last document went out before 1400 ms", shortRun.Measured, StringComparison.Ordinal);
        Assert.StartsWith("not measured: 3 acknowledgements", unmeasured.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_history_cannot_prove_linearizability()
    {
        Assert.Equal([DrillCriteria.Linearizable], Failed(Passing() with { Linearizability = new LinearizabilityVerdict(0, []) }));
    }

    [Fact]
    public void No_logs_read_cannot_prove_the_absence_of_duplicates()
    {
        var m = Passing();
        Assert.Contains(DrillCriteria.NoDuplicates, Failed(m with { Logs = new DuplicateReport(0, 0, [], []) }));
    }
}
