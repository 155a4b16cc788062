using System.Text.Json.Serialization;

namespace CivicTrust.Contracts;

/// <summary>
/// The first facts of a <c>drill-report.json</c>, for tools that show a drill's outcome without the drill's own types
/// (the AppHost puts them on the drill-runner resource). The drill writes them under these names.
/// </summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Verdict"><c>passed</c>, <c>failed</c> or <c>error</c> (the drill could not run).</param>
/// <param name="FailoverDurationMs">Crash to the new leader's agreement, when there was one.</param>
/// <param name="Fault">The fault injected (<c>kill</c>, <c>pause</c>, ...).</param>
public sealed record DrillReportHeadline(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("failover_duration_ms")] long? FailoverDurationMs,
    [property: JsonPropertyName("fault")] string Fault);
