using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>
/// Drills from the command line: probe the cluster, connect the ledger, drill, write the reports; with
/// <c>--iterations</c> back to back, then the series summary and the baseline comparison.
/// </summary>
public static class DrillCli
{
    // How long a drill waits for the cluster to be whole again (every member answering) before the next iteration.
    private static readonly TimeSpan RejoinWait = TimeSpan.FromSeconds(60);

    /// <summary>Runs the drills <paramref name="settings"/> describe; returns the process exit code (0 passed, 1 failed, 2 could not run).</summary>
    public static async Task<int> RunAsync(DrillSettings settings, CancellationToken token)
    {
        // With --json, stdout carries the JSON only; what people read goes to stderr.
        var say = settings.Json ? Console.Error : Console.Out;
        double? baseline = null;
        if (settings.Baseline is { } baselineFile)
        {
            try
            {
                baseline = DrillSeries.BaselineFailoverP50(await File.ReadAllTextAsync(baselineFile, token));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                await Console.Error.WriteLineAsync($"drill-runner: --baseline {baselineFile}: {e.Message}");
                return 2;
            }
        }

        var runs = new List<DrillResult>();
        string? root = settings.ReportDirectory;
        for (var iteration = 1; iteration <= settings.Iterations; iteration++)
        {
            var runId = NodeCrashDrill.NewRunId();
            root ??= Path.Combine("drill-reports", settings.Iterations == 1 ? runId : $"{runId}-x{settings.Iterations}");
            var directory = settings.Iterations == 1 ? root : Path.Combine(root, $"run-{iteration}");
            var probe = await WaitUntilWholeAsync(settings, iteration == 1 ? TimeSpan.Zero : RejoinWait, token);
            var unreachable = probe.Unreachable;
            if (unreachable.Count > 0)
            {
                return await CouldNotRunAsync(settings, runId, directory,
                    $"the cluster is not fully reachable, so there is nothing to drill{(iteration > 1 ? $" (before iteration {iteration}; give a --restart-command so killed members come back)" : string.Empty)}:\n  " +
                    string.Join("\n  ", unreachable));
            }

            if (iteration == 1 && await ClusterProbe.FindCredentialProblemAsync(settings.Nodes, settings.ApiKey, token, settings.ClusterCa) is { } refused)
            {
                return await CouldNotRunAsync(settings, runId, directory, refused);
            }

            if (iteration == 1 && probe.MembershipProblem is { } partial)
            {
                return await CouldNotRunAsync(settings, runId, directory, partial);
            }

            if (iteration == 1 && settings.AdminKey is { } adminKey && await ClusterProbe.FindAdminKeyProblemAsync(settings.Nodes, adminKey, token, settings.ClusterCa) is { } adminRefused)
            {
                return await CouldNotRunAsync(settings, runId, directory, $"--fault {settings.Fault.Name} cannot run: {adminRefused}");
            }

            var (code, result) = await RunOnceAsync(settings, runId, directory, say, token);
            if (result is null)
            {
                return code;
            }

            runs.Add(result);
            if (settings.Iterations > 1)
            {
                await say.WriteLineAsync($"drill-runner: iteration {iteration} of {settings.Iterations}: {(result.Passed ? "passed" : "FAILED")}, failover {result.FailoverDurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} ms");
            }
        }

        var series = DrillSeries.From(runs, baseline);
        await DrillJUnitReport.WriteAsync(runs, root!, CancellationToken.None);
        if (settings.Iterations > 1 || baseline is not null)
        {
            var (json, _) = await series.WriteAsync(root!, CancellationToken.None);
            await say.WriteLineAsync(series.ToMarkdown());
            await say.WriteLineAsync($"drill-runner: summary written to {json}");
        }

        if (settings.Json)
        {
            Console.WriteLine(settings.Iterations == 1 && baseline is null ? DrillReport.ToJson(runs[0]) : series.ToJson());
        }

        return series.Passed ? 0 : 1;
    }

    // One drill: its own ledger scope and run id, its reports in its own folder.
    private static async Task<(int Code, DrillResult? Result)> RunOnceAsync(DrillSettings settings, string runId, string directory, TextWriter say, CancellationToken token)
    {
        await using var ledgers = new LedgerConnector();
        CivicTrust.Drill.Ledger.RedisDrillLedger ledger;
        try
        {
            ledger = await ledgers.ConnectAsync(settings.Ledger, runId);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisConnectionException or InvalidOperationException or ArgumentException)
        {
            return (await CouldNotRunAsync(settings, runId, directory, $"cannot reach the ledger: {e.Message}"), null);
        }

        await say.WriteLineAsync($"drill-runner: drill {runId}: {settings.Documents} documents against {string.Join(", ", settings.Nodes)}; fault {settings.Fault.Name}; ledger: {ledger.Description}");
        using var adminHttp = settings.AdminKey is null ? null : DrillHttp.Create(settings.ClusterCa);
        var injectors = new FaultInjectors(
            settings.CrashCommand is { } template ? new CommandTemplateInjector(template) : new LocalSigkillInjector(),
            settings.RestartCommand is { } restart ? new CommandTemplateRestarter(restart) : null,
            settings is { PauseCommand: { } freeze, ResumeCommand: { } thaw } ? new CommandTemplatePauser(freeze, thaw) : null,
            settings is { PartitionCommand: { } cut, HealCommand: { } heal } ? new CommandTemplateIsolator(cut, heal) : null,
            settings.CorruptCommand is { } damage ? new CommandTemplateDamager(damage) : null,
            settings.PowerLossCommand is { } power ? new CommandTemplateInjector(power) : null,
            settings.AdminKey is { } adminKey ? new HttpIssuerKeyAdmin(adminHttp!, adminKey, DrillOptions.Default.RequestTimeout) : null);
        var options = new DrillOptions
        {
            Concurrency = settings.Concurrency, DocumentsPerSecond = settings.Rate, Fault = settings.Fault, Target = settings.Target,
            FaultDuration = settings.FaultDuration, Corrupt = settings.Corrupt, Resolve = settings.Resolve,
        };
        using var drill = new NodeCrashDrill(settings.Nodes, ledger, injectors, options, runId, settings.ApiKey, settings.ClusterCa);
        var live = DrillLiveView.IsWanted(settings);
        DrillResult result;
        try
        {
            result = live
                ? await DrillLiveView.RunAsync(drill, settings, () => drill.RunAsync(settings.Documents, settings.Timeout, token), token)
                : await drill.RunAsync(settings.Documents, settings.Timeout, token);
        }
        catch (Exception e) when (e is TimeoutException or CrashFailedException)
        {
            return (await CouldNotRunAsync(settings, runId, directory, $"the drill could not run: {e.Message}"), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // Anything else is a bug in the drill or a cluster answering outside the contract: say so and exit 2
            // rather than crash with an unhandled exception and no verdict.
            return (await CouldNotRunAsync(settings, runId, directory, $"the drill stopped on an unexpected error: {e}"), null);
        }

        var (json, markdown, html) = await ReportFolder.WriteAsync(result, drill.History, drill.MemberLogs, directory, CancellationToken.None);
        if (live)
        {
            DrillLiveView.WriteVerdict(result);
        }
        else
        {
            await say.WriteLineAsync(DrillReport.Summary(result));
        }

        await say.WriteLineAsync($"drill-runner: report written to {json}, {markdown} and {html} (with {DrillHistory.FileName} and the members' logs in {MemberLogFiles.FolderName}/)" + (drill.TraceId is { } trace ? $"; trace {trace}" : string.Empty));
        return (result.Passed ? 0 : 1, result);
    }

    // Exit 2 still leaves a report, verdict "error", where the report was expected: never none, never a stale one.
    private static async Task<int> CouldNotRunAsync(DrillSettings settings, string runId, string directory, string reason)
    {
        await Console.Error.WriteLineAsync($"drill-runner: {reason}");
        var error = new DrillError(runId, [.. settings.Nodes.Select(n => n.ToString())], settings.Fault.Name, reason, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var json = await error.WriteAsync(directory, CancellationToken.None);
        await Console.Error.WriteLineAsync($"drill-runner: error report written to {json}");
        return 2;
    }

    // Between drills the members a drill restarted may still be starting: wait for every one to answer.
    private static async Task<ClusterProbeResult> WaitUntilWholeAsync(DrillSettings settings, TimeSpan patience, CancellationToken token)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            var probe = await ClusterProbe.ProbeAsync(settings.Nodes, settings.ApiKey, token, settings.ClusterCa);
            if (probe.Unreachable.Count == 0 || DateTimeOffset.UtcNow >= deadline)
            {
                return probe;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), token);
        }
    }
}
