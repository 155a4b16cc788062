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
        StoredReport stored;
        SavedHistory history;
        IReadOnlyList<MemberLog> logs;
        try
        {
            stored = await StoredReport.ReadAsync(folder, token);
            history = await DrillHistory.ReadAsync(Path.Combine(folder, DrillHistory.FileName), token);
            logs = await MemberLogFiles.ReadAsync(folder, token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            await error.WriteLineAsync($"drill-runner check: {folder}: {e.Message}");
            return 2;
        }

        var rechecked = StoredReportCheck.Check(stored, history, logs);
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
}
