using System.Text.Json;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>
/// <c>drill-runner check &lt;report folder&gt;</c>: judges a saved run again from its <c>history.jsonl</c> and
/// <c>logs/</c> (<see cref="StoredReportCheck"/>), prints each criterion beside the report's verdict on it, and exits
/// like a drill: 0 every criterion holds and the recomputation agrees with the report, 1 otherwise, 2 when the folder
/// cannot be read as a report.
/// </summary>
public static class ReportCheckCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "check";

    /// <summary>One line of usage.</summary>
    public const string Usage = "drill-runner check <report folder>: judge a saved run again from its history.jsonl and logs/ (exit 0 passed, 1 failed or disagrees with the report, 2 unreadable)";

    /// <summary>Runs the command on <paramref name="args"/> (the arguments after <see cref="Name"/>); returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken token)
    {
        if (args.Count != 1 || args[0].StartsWith('-'))
        {
            await error.WriteLineAsync($"drill-runner check: expected one report folder.\nusage: {Usage}");
            return 2;
        }

        var folder = args[0];
        IReadOnlyList<DrillCriterion> stored;
        int members;
        SavedHistory history;
        IReadOnlyList<MemberLog> logs;
        try
        {
            (stored, members) = await ReadCriteriaAsync(folder, token);
            history = await DrillHistory.ReadAsync(Path.Combine(folder, DrillHistory.FileName), token);
            logs = await MemberLogFiles.ReadAsync(folder, token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            await error.WriteLineAsync($"drill-runner check: {folder}: {e.Message}");
            return 2;
        }

        var rechecked = StoredReportCheck.Check(stored, history, logs, members);
        await output.WriteLineAsync($"drill-runner check: {folder}: {history.Operations.Count} operations, " +
            $"{(history.Faults.Count == 0 ? "no fault events saved" : $"{history.Faults.Count} fault events")}, {(logs.Count == 0 ? "no member logs saved" : $"{logs.Count} member logs")}");
        foreach (var c in rechecked)
        {
            var verdict = c.Passed ? "PASS" : "FAIL";
            var how = c.Recomputed is { } r
                ? $"recomputed: {r.Measured}" + (c.Stored is { } s ? $" (report: {(s.Passed ? "PASS" : "FAIL")}{(c.Agrees ? string.Empty : ", DISAGREES")})" : " (not in the report)")
                : $"as stored: {c.Stored!.Measured}";
            await output.WriteLineAsync($"  [{verdict}] {c.Id}: {how}");
        }

        var failed = rechecked.Where(c => !c.Passed).Select(c => c.Id).ToList();
        var disagreeing = rechecked.Where(c => !c.Agrees).Select(c => c.Id).ToList();
        await output.WriteLineAsync(failed.Count == 0 ? "check: PASSED" : $"check: FAILED ({string.Join(", ", failed)})");
        if (disagreeing.Count > 0)
        {
            await output.WriteLineAsync($"check: the saved history and logs do not give the report's verdict on {string.Join(", ", disagreeing)}");
        }

        return failed.Count == 0 && disagreeing.Count == 0 ? 0 : 1;
    }

    // The report's criteria and how many members it drilled; a report of a run that could not run has none to check.
    private static async Task<(IReadOnlyList<DrillCriterion> Criteria, int Members)> ReadCriteriaAsync(string folder, CancellationToken token)
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
        if (report.RootElement.TryGetProperty("verdict", out var verdict) && verdict.GetString() == "error")
        {
            var reason = report.RootElement.TryGetProperty("reason", out var why) ? why.GetString() : null;
            throw new InvalidDataException($"the drill could not run ({reason}): there is no verdict to check.");
        }

        var members = report.RootElement.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array
            ? nodes.GetArrayLength()
            : throw new InvalidDataException($"{DrillReport.JsonFileName} names no nodes.");
        return report.RootElement.TryGetProperty("criteria", out var criteria)
            ? (criteria.Deserialize<List<DrillCriterion>>() ?? [], members)
            : throw new InvalidDataException($"{DrillReport.JsonFileName} has no criteria.");
    }
}
