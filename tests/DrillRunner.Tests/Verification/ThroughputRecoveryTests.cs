using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary><c>throughput_recovered</c>'s measurement, a pure function of when each acknowledgement arrived.</summary>
public sealed class ThroughputRecoveryTests
{
    private const long Fault = 10_000;

    // One acknowledgement every 10 ms (100/s) over [from, to).
    private static IEnumerable<long> Steady(long from, long to, long every = 10)
    {
        for (var t = from; t < to; t += every)
        {
            yield return t;
        }
    }

    [Fact]
    public void The_rate_is_back_from_the_first_acknowledgement_of_a_window_at_eighty_percent_of_it()
    {
        var recovery = ThroughputRecovery.Measure([.. Steady(8_000, Fault), .. Steady(11_200, 14_000)], 8_000, Fault, 14_000, offeredPerSecond: 100);

        Assert.InRange(recovery.PreFaultPerSecond, 99, 101);
        Assert.Equal(11_200, recovery.RecoveredAtUnixMs);
        Assert.Null(recovery.WhyNotMeasured);
    }

    [Fact]
    public void A_trickle_after_the_fault_is_not_a_recovery()
    {
        // A quarter of the rate: clients still waiting on a member that stopped answering for most documents.
        var recovery = ThroughputRecovery.Measure([.. Steady(8_000, Fault), .. Steady(10_500, 14_000, every: 40)], 8_000, Fault, 14_000, offeredPerSecond: 100);

        Assert.Null(recovery.RecoveredAtUnixMs);
        Assert.Null(recovery.WhyNotMeasured);
    }

    [Fact]
    public void Nothing_after_the_fault_is_no_recovery_while_the_load_went_on()
    {
        Assert.Equal((null, null), Pair(ThroughputRecovery.Measure(Steady(8_000, Fault), 8_000, Fault, 14_000, offeredPerSecond: 100)));
    }

    [Fact]
    public void Too_few_acknowledgements_before_the_fault_give_no_rate_and_say_so()
    {
        var recovery = ThroughputRecovery.Measure([.. Steady(9_900, Fault), .. Steady(Fault + 50, 14_000)], 9_900, Fault, 14_000, offeredPerSecond: 100);

        Assert.Null(recovery.RecoveredAtUnixMs);
        Assert.StartsWith("9 acknowledgements before the fault", recovery.WhyNotMeasured, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_windows_that_end_before_the_last_document_went_out_are_judged()
    {
        var recovery = ThroughputRecovery.Measure([.. Steady(8_000, Fault), .. Steady(Fault + 50, Fault + 200)], 8_000, Fault, Fault + 100, offeredPerSecond: 100);

        Assert.Null(recovery.RecoveredAtUnixMs);
        Assert.Equal(Fault - 150, recovery.JudgeableUntilUnixMs);
    }

    [Fact]
    public void A_load_bound_by_the_cluster_measures_the_cluster_not_the_clients()
    {
        var recovery = ThroughputRecovery.Measure([.. Steady(8_000, Fault), .. Steady(10_500, 14_000, every: 20)], 8_000, Fault, 14_000, offeredPerSecond: 1_500);

        Assert.Null(recovery.RecoveredAtUnixMs);
        Assert.StartsWith("the load ran at the cluster's capacity (99/s acknowledged of 1500/s offered)", recovery.WhyNotMeasured, StringComparison.Ordinal);
    }

    private static (long?, string?) Pair(ThroughputRecovery recovery) => (recovery.RecoveredAtUnixMs, recovery.WhyNotMeasured);

    [Fact]
    public void From_the_history_a_load_document_counts_once_at_its_first_committed_answer_and_probes_do_not_count()
    {
        const string RunId = "20261207000000abcdef";
        const int Documents = 560;
        // Load document i starts at 8,000 + 10 i and is answered 5 ms later: 100/s, with a silent stretch from the fault
        // (document 200, at 10,000) to 11,200.
        var history = new List<DrillOperation>();
        for (var i = 0; i < Documents; i++)
        {
            var hash = DrillDocument.Create(RunId, i, "load").Hash;
            var start = 8_000 + (10L * i);
            var end = start is >= Fault and < 11_200 ? 11_200 + (start - Fault) / 10 : start + 5;
            history.Add(Committed(hash, start, end));
            // A hedged second send answered later counts nothing more.
            history.Add(Committed(hash, start + 1, end + 30));
        }

        // The fresh document and a partition probe, answered in the silent stretch: not the load, not counted.
        for (var t = 10_100L; t < 11_000; t += 5)
        {
            history.Add(Committed(DrillDocument.Create(RunId, t, "isolated").Hash, t, t + 1));
        }

        history.Add(Committed(DrillDocument.Fresh(RunId).Hash, 10_500, 10_501));

        var recovery = ThroughputRecovery.FromHistory(history, RunId, Documents, 8_000, Fault, offeredPerSecond: 100);

        Assert.InRange(recovery.PreFaultPerSecond, 99, 101);
        Assert.Equal(11_200, recovery.RecoveredAtUnixMs);
        Assert.Equal(8_000 + (10L * (Documents - 1)) - (long)ThroughputRecovery.Window.TotalMilliseconds, recovery.JudgeableUntilUnixMs);
    }

    private static DrillOperation Committed(string hash, long start, long end) =>
        new("issue", "http://127.0.0.1:5101/", hash, 1, start, end, OperationOutcomes.Ok, 201, DocumentStatusNames.Committed);
}
