using System.Text.Json;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Report;

/// <summary>What <c>drill-runner check</c> reads of a saved <c>drill-report.json</c>: the verdicts and the facts they rest on.</summary>
/// <param name="RunId">The run's id (its fresh document is derived from it).</param>
/// <param name="Members">Members of the drilled cluster (the report's <c>nodes</c>).</param>
/// <param name="Criteria">The criteria as the drill judged them.</param>
/// <param name="CrashTs">The report's <c>crash_ts</c>.</param>
/// <param name="FailoverTs">The report's <c>failover_ts</c>.</param>
/// <param name="RecoveryTs">The report's <c>recovery_ts</c>.</param>
public sealed record StoredReport(string RunId, int Members, IReadOnlyList<DrillCriterion> Criteria, long? CrashTs, long? FailoverTs, long? RecoveryTs)
{
    /// <summary>The report's <c>started_ts</c>: when issuance started.</summary>
    public long? StartedTs { get; init; }

    /// <summary>The report's <c>documents_submitted</c>.</summary>
    public int DocumentsSubmitted { get; init; }

    /// <summary>The report's <c>documents_per_second</c>, the load's pace; <see langword="null"/> in reports written before it was kept.</summary>
    public double? DocumentsPerSecond { get; init; }

    /// <summary>The report's <c>schedule_ended_ts</c>.</summary>
    public long? ScheduleEndedTs { get; init; }

    /// <summary>The report's <c>nodes</c>: every member's base URL.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The report's <c>fault</c>; <see langword="null"/> when it does not say.</summary>
    public string? Fault { get; init; }

    /// <summary>The report's <c>old_leader_id</c>: the member the fault hit, or the leader it began with when it took none away.</summary>
    public string? OldLeaderId { get; init; }

    /// <summary>Reads the report in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">The folder, its report or its history is missing.</exception>
    /// <exception cref="InvalidDataException">The report is of a run that could not run, or lacks what a check needs.</exception>
    /// <exception cref="JsonException">The report is not JSON.</exception>
    public static async Task<StoredReport> ReadAsync(string folder, CancellationToken token)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException("not a folder.");
        }

        var path = Path.Combine(folder, DrillReport.JsonFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no {DrillReport.JsonFileName}: not a drill's report folder.");
        }

        if (!File.Exists(Path.Combine(folder, DrillHistory.FileName)))
        {
            throw new FileNotFoundException($"no {DrillHistory.FileName}: the report was written before drills kept their history.");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(path, token));
        var root = report.RootElement;
        if (root.TryGetProperty("verdict", out var verdict) && verdict.GetString() == "error")
        {
            var reason = root.TryGetProperty("reason", out var why) ? why.GetString() : null;
            throw new InvalidDataException($"the drill could not run ({reason}): there is no verdict to check.");
        }

        var members = root.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array
            ? nodes.GetArrayLength()
            : throw new InvalidDataException($"{DrillReport.JsonFileName} names no nodes.");
        var criteria = root.TryGetProperty("criteria", out var stored)
            ? stored.Deserialize<List<DrillCriterion>>() ?? []
            : throw new InvalidDataException($"{DrillReport.JsonFileName} has no criteria.");
        var runId = root.TryGetProperty("run_id", out var id) && id.GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{DrillReport.JsonFileName} has no run_id.");
        return new StoredReport(runId, members, criteria, Number(root, "crash_ts"), Number(root, "failover_ts"), Number(root, "recovery_ts"))
        {
            StartedTs = Number(root, "started_ts"),
            DocumentsSubmitted = (int)(Number(root, "documents_submitted") ?? 0),
            DocumentsPerSecond = root.TryGetProperty("documents_per_second", out var pace) && pace.ValueKind == JsonValueKind.Number ? pace.GetDouble() : null,
            ScheduleEndedTs = Number(root, "schedule_ended_ts"),
            Nodes = [.. nodes.EnumerateArray().Select(n => n.GetString()).OfType<string>()],
            Fault = Text(root, "fault"),
            OldLeaderId = Text(root, "old_leader_id"),
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
