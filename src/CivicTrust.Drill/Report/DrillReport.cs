using System.Globalization;
using System.Text;
using System.Text.Json;
using CivicTrust.Drill.Faults;

namespace CivicTrust.Drill.Report;

/// <summary>Writes a drill's result as <c>drill-report.json</c> (for tools) and <c>drill-report.md</c> (for people).</summary>
public static class DrillReport
{
    /// <summary>JSON file name.</summary>
    public const string JsonFileName = "drill-report.json";

    /// <summary>Markdown file name.</summary>
    public const string MarkdownFileName = "drill-report.md";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The JSON report.</summary>
    public static string ToJson(DrillResult result) => JsonSerializer.Serialize(result, JsonOptions);

    /// <summary>Writes both files into <paramref name="directory"/> (created if needed); returns their paths.</summary>
    public static async Task<(string Json, string Markdown)> WriteAsync(DrillResult result, string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFileName);
        var markdown = Path.Combine(directory, MarkdownFileName);
        await File.WriteAllTextAsync(json, ToJson(result) + "\n", token);
        await File.WriteAllTextAsync(markdown, ToMarkdown(result), token);
        return (json, markdown);
    }

    /// <summary>The human report: timeline table, criteria table, verdict.</summary>
    public static string ToMarkdown(DrillResult r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Node-crash drill {r.RunId}: {Verdict(r)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Nodes: {string.Join(", ", r.Nodes)}. Fault: `{r.Fault}` on **{r.OldLeaderId}** ({r.CrashMethod}); new leader: **{r.NewLeaderId ?? "none"}**. Ledger: {r.Ledger}.");
        md.AppendLine();
        md.AppendLine("## Timeline");
        md.AppendLine();
        md.AppendLine("| moment | UTC | Unix ms | since crash |");
        md.AppendLine("|---|---|---|---|");
        Moment(md, "issuance started", r.StartedTs, r.CrashTs);
        Moment(md, CrashMoment(r.Fault), r.CrashTs, r.CrashTs);
        Moment(md, "failover (new leader agreed)", r.FailoverTs, r.CrashTs);
        Moment(md, "throughput back to half its pre-fault rate", r.ThroughputRecoveredTs, r.CrashTs);
        Moment(md, "recovery (in-flight terminal, fresh document committed)", r.RecoveryTs, r.CrashTs);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Failover {Ms(r.FailoverDurationMs)}, recovery {Ms(r.RecoveryDurationMs)} after failover, client write gap {Ms(r.WriteGapMs)} (longest stretch without acknowledgements across the crash: {Ms(r.LongestAckGapMs)}).");
        md.AppendLine();
        md.AppendLine("## Documents");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"In-flight documents settled by `--resolve {r.Resolve}`: {(r.Resolve == "retry" ? "sent again until decided" : "fenced with an abort unless already committed")}.");
        md.AppendLine();
        md.AppendLine("| submitted | acknowledged | in flight committed (resubmitted by the drill) | in flight aborted (by the cluster / fenced by the drill) | in flight pending | PENDING at first read | lost acknowledged | duplicates | divergent entries |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.DocumentsSubmitted} | {r.DocumentsAcknowledged} | {r.InflightCommitted} ({r.InflightResubmittedByDrill}) | {r.InflightAborted} ({r.InflightAbortedByCluster} / {r.InflightFencedByDrill}) | {r.InflightPending} | {r.InflightPendingAtFirstRead} | {r.LostAcknowledged} | {r.DuplicateCount} | {r.DivergentEntries} |");
        md.AppendLine();
        md.AppendLine("## Criteria");
        md.AppendLine();
        md.AppendLine("| criterion | requirement | measured | threshold | result |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var c in r.Criteria)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{c.Id}` | {c.Description} | {c.Measured} | {c.Threshold} | {(c.Passed ? "PASS" : "**FAIL**")} |");
        }

        if (r.Findings.Count > 0 || r.Errors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Findings");
            md.AppendLine();
            foreach (var line in r.Errors.Concat(r.Findings))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Verdict: {Verdict(r)}**");
        return md.ToString();
    }

    /// <summary>A few lines for the console or the dashboard's log view.</summary>
    public static string Summary(DrillResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"drill {r.RunId}: {Verdict(r)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {r.Fault} {r.OldLeaderId}; new leader {r.NewLeaderId ?? "none"} after {Ms(r.FailoverDurationMs)}; recovery {Ms(r.RecoveryDurationMs)}; throughput back after {Ms(r.ThroughputRecoveredMs)}; write gap {Ms(r.WriteGapMs)} (longest {Ms(r.LongestAckGapMs)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  documents: {r.DocumentsSubmitted} submitted, {r.DocumentsAcknowledged} acknowledged; in flight ({r.Resolve}): {r.InflightCommitted} committed ({r.InflightResubmittedByDrill} resubmitted by the drill), {r.InflightAborted} aborted ({r.InflightFencedByDrill} fenced by the drill), {r.InflightPending} pending");
        foreach (var c in r.Criteria)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{(c.Passed ? "PASS" : "FAIL")}] {c.Id}: {c.Measured} (need {c.Threshold})");
        }

        foreach (var line in r.Errors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  error: {line}");
        }

        return text.ToString();
    }

    private static string Verdict(DrillResult r) =>
        r.Passed ? "PASSED" : "FAILED (" + string.Join(", ", r.FailedCriteria.Select(c => c.Id)) + ")";

    // crash_ts is the moment the failover is measured from: what it marks is the fault's to say. A report from a fault
    // this runner does not know reads as a kill.
    private static string CrashMoment(string fault) =>
        DrillFaults.TryParse(fault, out var known) ? known.CrashMoment : DrillFaults.Kill.CrashMoment;

    private static void Moment(StringBuilder md, string name, long? unixMs, long? crashMs)
    {
        var utc = unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "—";
        var since = unixMs is { } t && crashMs is { } c ? $"{t - c:+#;-#;0} ms" : "—";
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {utc} | {unixMs?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {since} |");
    }

    private static string Ms(long? value) => value is { } ms ? $"{ms} ms" : "n/a";
}
