using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class DrillReportTests
{
    private static readonly string[] SpecifiedFields =
    [
        "crash_ts", "failover_ts", "recovery_ts", "failover_duration_ms", "recovery_duration_ms", "old_leader_id",
        "new_leader_id", "documents_submitted", "documents_acknowledged", "duplicate_count", "divergent_entries",
        "inflight_committed", "inflight_aborted", "inflight_pending", "lost_acknowledged", "fresh_issuance_ok",
        "write_gap_ms", "criteria", "passed",
    ];

    private static DrillResult Result(DrillMeasurements m) =>
        DrillResult.From("run1", [new Uri("http://127.0.0.1:5101/"), new Uri("http://127.0.0.1:5102/")], m, DrillCriteria.Evaluate(m, TimeSpan.FromSeconds(10)));

    [Fact]
    public void Json_uses_the_specified_snake_case_names_and_values()
    {
        using var json = JsonDocument.Parse(DrillReport.ToJson(Result(DrillCriteriaTests.Passing())));
        var root = json.RootElement;

        foreach (var field in SpecifiedFields)
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(2_000, root.GetProperty("crash_ts").GetInt64());
        Assert.Equal(400, root.GetProperty("failover_duration_ms").GetInt64());
        Assert.Equal(200, root.GetProperty("recovery_duration_ms").GetInt64());
        Assert.Equal(6, root.GetProperty("inflight_committed").GetInt32());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(11, root.GetProperty("criteria").GetArrayLength());
        Assert.Equal("new_leader_elected", root.GetProperty("criteria")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void The_contracts_headline_reads_a_report_and_an_error_report()
    {
        var report = JsonSerializer.Deserialize<DrillReportHeadline>(DrillReport.ToJson(Result(DrillCriteriaTests.Passing())));
        var error = JsonSerializer.Deserialize<DrillReportHeadline>(JsonSerializer.Serialize(new DrillError("run2", ["http://a/"], "kill", "no ledger", 5)));

        Assert.Equal(new DrillReportHeadline("run1", "passed", 400, "kill"), report);
        Assert.Equal(new DrillReportHeadline("run2", "error", null, "kill"), error);
    }

    [Fact]
    public void A_failed_run_names_the_failed_criterion_in_the_verdict_and_tables()
    {
        var m = DrillCriteriaTests.Passing();
        var result = Result(m with { InFlight = m.InFlight with { Pending = [new string('p', 64)] } });

        Assert.False(result.Passed);
        var markdown = DrillReport.ToMarkdown(result);
        Assert.Contains("**Verdict: FAILED (inflight_resolved)**", markdown, StringComparison.Ordinal);
        Assert.Contains("| `inflight_resolved` |", markdown, StringComparison.Ordinal);
        Assert.Contains("**FAIL**", markdown, StringComparison.Ordinal);
        Assert.Contains("pending: " + new string('p', 64), markdown, StringComparison.Ordinal);
        Assert.Contains("[FAIL] inflight_resolved", DrillReport.Summary(result), StringComparison.Ordinal);
        Assert.Contains("| crash (SIGKILL of the target) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_writes_both_files()
    {
        var directory = Path.Combine(Path.GetTempPath(), "civictrust-report-test-" + Guid.NewGuid().ToString("n"));
        try
        {
            var (json, markdown) = await DrillReport.WriteAsync(Result(DrillCriteriaTests.Passing()), directory, CancellationToken.None);
            Assert.Equal(Path.Combine(directory, "drill-report.json"), json);
            Assert.True(JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement.GetProperty("passed").GetBoolean());
            Assert.StartsWith("# Node-crash drill run1: PASSED", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
