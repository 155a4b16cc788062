using System.Text.Json;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class DrillSeriesTests
{
    // A run whose failover took failoverMs (crash at 2,000), passing unless lost documents are given.
    internal static DrillResult Run(string id, long failoverMs, int lost = 0)
    {
        var m = DrillCriteriaTests.Passing();
        m = m with
        {
            Timeline = new DrillTimeline(1_000, 2_000, 2_000 + failoverMs, 2_100 + failoverMs, 3_000 + failoverMs),
            LostAcknowledged = [.. Enumerable.Range(0, lost).Select(i => new string((char)('a' + i), 64))],
        };
        return DrillResult.From(id, [new Uri("http://127.0.0.1:5101/")], m, DrillCriteria.Evaluate(m, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Failover_statistics_use_nearest_rank_percentiles()
    {
        var runs = Enumerable.Range(1, 20).Select(i => Run($"r{i}", i * 100)).ToList();

        var series = DrillSeries.From(runs);

        Assert.Equal(new Distribution(100, 1_000, 1_900, 2_000, 20), series.FailoverMs);
        Assert.Equal(100, series.RecoveryMs!.P50);
        Assert.Equal(20, series.Iterations);
        Assert.True(series.Passed);
    }

    [Fact]
    public void Totals_and_failed_runs_are_counted_over_every_run()
    {
        var series = DrillSeries.From([Run("ok", 400), Run("bad", 400, lost: 2), Run("worse", 500, lost: 1)]);

        Assert.Equal(3, series.LostAcknowledged);
        Assert.Equal(["bad", "worse"], series.FailedRuns);
        Assert.False(series.Passed);
        Assert.Contains("Failed runs: bad, worse.", series.ToMarkdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, 480, false)]
    [InlineData(400, 481, true)]
    [InlineData(400, 300, false)]
    public void Failover_p50_more_than_20_percent_above_the_baseline_is_a_regression(double baseline, long now, bool regression)
    {
        var series = DrillSeries.From([Run("a", now)], baseline);

        Assert.Equal(regression, series.Regression);
        Assert.Equal(!regression, series.Passed);
    }

    [Fact]
    public void A_baseline_is_read_from_a_summary_or_a_single_report()
    {
        var summary = DrillSeries.From([Run("a", 300), Run("b", 500)]).ToJson();
        var report = DrillReport.ToJson(Run("c", 420));

        Assert.Equal(300, DrillSeries.BaselineFailoverP50(summary));
        Assert.Equal(420, DrillSeries.BaselineFailoverP50(report));
        Assert.Throws<FormatException>(() => DrillSeries.BaselineFailoverP50("{\"passed\":true}"));
        Assert.Throws<FormatException>(() => DrillSeries.BaselineFailoverP50("not json"));
    }

    [Fact]
    public void The_summary_json_names_its_fields_in_snake_case()
    {
        using var json = JsonDocument.Parse(DrillSeries.From([Run("a", 300)], 240).ToJson());
        var root = json.RootElement;

        Assert.Equal(300, root.GetProperty("failover_ms").GetProperty("p50").GetDouble());
        Assert.Equal(240, root.GetProperty("baseline_failover_p50_ms").GetDouble());
        Assert.True(root.GetProperty("regression").GetBoolean());
        Assert.False(root.GetProperty("passed").GetBoolean());
    }
}
