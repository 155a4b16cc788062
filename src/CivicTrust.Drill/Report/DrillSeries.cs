using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrust.Drill.Report;

/// <summary>
/// Several drills run back to back (<c>--iterations</c>): failover, write gap and recovery as min/p50/p95/max, the
/// totals that must be zero, which runs failed, and whether failover regressed against a baseline.
/// </summary>
public sealed record DrillSeries
{
    /// <summary>JSON file name.</summary>
    public const string JsonFileName = "drill-summary.json";

    /// <summary>Markdown file name.</summary>
    public const string MarkdownFileName = "drill-summary.md";

    /// <summary>A failover p50 more than this much above the baseline's is a regression.</summary>
    public const double RegressionTolerance = 0.20;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Number of drills.</summary>
    [JsonPropertyName("iterations")]
    public required int Iterations { get; init; }

    /// <summary>Run ids of the drills that did not pass, in order.</summary>
    [JsonPropertyName("failed_runs")]
    public required IReadOnlyList<string> FailedRuns { get; init; }

    /// <summary>Failover durations (crash to agreed new leader).</summary>
    [JsonPropertyName("failover_ms")]
    public required Distribution? FailoverMs { get; init; }

    /// <summary>Client write gaps across the crash.</summary>
    [JsonPropertyName("write_gap_ms")]
    public required Distribution? WriteGapMs { get; init; }

    /// <summary>Recovery durations (failover to in-flight settled and a fresh document committed).</summary>
    [JsonPropertyName("recovery_ms")]
    public required Distribution? RecoveryMs { get; init; }

    /// <summary>Duplicates over every run.</summary>
    [JsonPropertyName("duplicates")]
    public required int Duplicates { get; init; }

    /// <summary>Acknowledged documents lost over every run.</summary>
    [JsonPropertyName("lost_acknowledged")]
    public required int LostAcknowledged { get; init; }

    /// <summary>Documents left pending over every run.</summary>
    [JsonPropertyName("pending")]
    public required int Pending { get; init; }

    /// <summary>The baseline's failover p50, when a baseline was given.</summary>
    [JsonPropertyName("baseline_failover_p50_ms")]
    public double? BaselineFailoverP50Ms { get; init; }

    /// <summary>Whether failover p50 grew by more than <see cref="RegressionTolerance"/> over the baseline.</summary>
    [JsonPropertyName("regression")]
    public bool Regression { get; init; }

    /// <summary>Every run passed and nothing regressed.</summary>
    [JsonPropertyName("passed")]
    public bool Passed => FailedRuns.Count == 0 && !Regression;

    /// <summary>The series over <paramref name="runs"/>, compared with <paramref name="baselineFailoverP50Ms"/> when given.</summary>
    public static DrillSeries From(IReadOnlyList<DrillResult> runs, double? baselineFailoverP50Ms = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var failover = Distribution.Of(runs.Select(r => r.FailoverDurationMs));
        return new DrillSeries
        {
            Iterations = runs.Count,
            FailedRuns = [.. runs.Where(r => !r.Passed).Select(r => r.RunId)],
            FailoverMs = failover,
            WriteGapMs = Distribution.Of(runs.Select(r => r.WriteGapMs)),
            RecoveryMs = Distribution.Of(runs.Select(r => r.RecoveryDurationMs)),
            Duplicates = runs.Sum(r => r.DuplicateCount),
            LostAcknowledged = runs.Sum(r => r.LostAcknowledged),
            Pending = runs.Sum(r => r.InflightPending),
            BaselineFailoverP50Ms = baselineFailoverP50Ms,
            Regression = baselineFailoverP50Ms is { } baseline && failover is { } now && now.P50 > baseline * (1 + RegressionTolerance),
        };
    }

    /// <summary>
    /// The failover p50 a baseline file states: a <see cref="JsonFileName"/> of an earlier series, or a single
    /// <c>drill-report.json</c> (its failover).
    /// </summary>
    /// <exception cref="FormatException">The file is neither, or holds no failover.</exception>
    public static double BaselineFailoverP50(string json)
    {
        BaselineFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BaselineFile>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        return file?.FailoverMs?.P50 ?? file?.FailoverDurationMs
            ?? throw new FormatException("neither a drill-summary.json nor a drill-report.json with a failover");
    }

    /// <summary>The JSON summary.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The human summary.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Iterations} node-crash drills: {(Passed ? "PASSED" : "FAILED")}");
        md.AppendLine();
        md.AppendLine("| measure | min | p50 | p95 | max |");
        md.AppendLine("|---|---|---|---|---|");
        Row(md, "failover (ms)", FailoverMs);
        Row(md, "write gap (ms)", WriteGapMs);
        Row(md, "recovery (ms)", RecoveryMs);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Duplicates {Duplicates}, lost acknowledged {LostAcknowledged}, pending {Pending} over all runs.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Failed runs: {(FailedRuns.Count == 0 ? "none" : string.Join(", ", FailedRuns))}.");
        if (BaselineFailoverP50Ms is { } baseline)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Baseline failover p50 {baseline:0} ms, now {FailoverMs?.P50 ?? double.NaN:0} ms: {(Regression ? $"REGRESSION (more than {RegressionTolerance:P0} slower)" : "no regression")}.");
        }

        return md.ToString();
    }

    /// <summary>Writes both files into <paramref name="directory"/>; returns their paths.</summary>
    public async Task<(string Json, string Markdown)> WriteAsync(string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFileName);
        var markdown = Path.Combine(directory, MarkdownFileName);
        await File.WriteAllTextAsync(json, ToJson() + "\n", token);
        await File.WriteAllTextAsync(markdown, ToMarkdown(), token);
        return (json, markdown);
    }

    private static void Row(StringBuilder md, string name, Distribution? d) =>
        md.AppendLine(d is null
            ? $"| {name} | - | - | - | - |"
            : string.Create(CultureInfo.InvariantCulture, $"| {name} | {d.Min:0} | {d.P50:0} | {d.P95:0} | {d.Max:0} |"));

    // What a baseline file says about failover: a summary's distribution, or a single report's duration.
    private sealed record BaselineFile(
        [property: JsonPropertyName("failover_ms")] Distribution? FailoverMs,
        [property: JsonPropertyName("failover_duration_ms")] long? FailoverDurationMs);
}
