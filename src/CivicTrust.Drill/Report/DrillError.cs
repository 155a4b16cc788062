using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrust.Drill.Report;

/// <summary>
/// The report of a drill that could not run (exit code 2: unreachable cluster or ledger, no leader to start from, a
/// fault command that failed, an unexpected error): written where the report would have been, with verdict
/// <c>error</c> and the reason, so a CI system that reads the report never finds none, nor an old one.
/// </summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Nodes">The members the drill was pointed at.</param>
/// <param name="Fault">The fault it was to inject.</param>
/// <param name="Reason">Why it could not run.</param>
/// <param name="AtTs">When it gave up (Unix ms).</param>
public sealed record DrillError(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("nodes")] IReadOnlyList<string> Nodes,
    [property: JsonPropertyName("fault")] string Fault,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at_ts")] long AtTs)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Always <c>error</c>.</summary>
    [JsonPropertyName("verdict")]
    public string Verdict { get; } = "error";

    /// <summary>Always false: a drill that did not run proved nothing.</summary>
    [JsonPropertyName("passed")]
    public bool Passed { get; }

    /// <summary>Writes <c>drill-report.json</c> and <c>drill-report.md</c> into <paramref name="directory"/>; returns the JSON path.</summary>
    public async Task<string> WriteAsync(string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, DrillReport.JsonFileName);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(this, JsonOptions) + "\n", token);
        await File.WriteAllTextAsync(Path.Combine(directory, DrillReport.MarkdownFileName), string.Create(CultureInfo.InvariantCulture,
            $"# Node-crash drill {RunId}: ERROR\n\nThe drill could not run against {string.Join(", ", Nodes)} (fault `{Fault}`):\n\n{Reason}\n\n**Verdict: ERROR**\n"), token);
        return json;
    }
}
