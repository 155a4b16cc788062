using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Report;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>One drill from the command line: probe the cluster, connect the ledger, drill, write the report.</summary>
public static class DrillCli
{
    /// <summary>Runs the drill <paramref name="settings"/> describe; returns the process exit code (0 passed, 1 failed, 2 could not run).</summary>
    public static async Task<int> RunAsync(DrillSettings settings, CancellationToken token)
    {
        var unreachable = await ClusterProbe.FindUnreachableAsync(settings.Nodes, token);
        if (unreachable.Count > 0)
        {
            await Console.Error.WriteLineAsync("drill-runner: the cluster is not fully reachable, so there is nothing to drill:\n  " + string.Join("\n  ", unreachable));
            return 2;
        }

        var runId = NodeCrashDrill.NewRunId();
        await using var ledgers = new LedgerConnector();
        CivicTrust.DrillRunner.Ledger.RedisDrillLedger ledger;
        try
        {
            ledger = await ledgers.ConnectAsync(settings.Ledger, runId);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisConnectionException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"drill-runner: cannot reach the ledger: {e.Message}");
            return 2;
        }

        Console.WriteLine($"drill-runner: drill {runId}: {settings.Documents} documents against {string.Join(", ", settings.Nodes)}; fault {settings.Fault.Name()}; ledger: {ledger.Description}");
        ICrashInjector injector = settings.CrashCommand is { } template ? new CommandTemplateInjector(template) : new LocalSigkillInjector();
        var restarter = settings.RestartCommand is { } restart ? new CommandTemplateRestarter(restart) : null;
        var options = new DrillOptions { Concurrency = settings.Concurrency, DocumentsPerSecond = settings.Rate, Fault = settings.Fault, Target = settings.Target, FaultDuration = settings.FaultDuration };
        var isolator = settings is { PartitionCommand: { } cut, HealCommand: { } heal } ? new CommandTemplateIsolator(cut, heal) : null;
        var pauser = settings is { PauseCommand: { } freeze, ResumeCommand: { } thaw } ? new CommandTemplatePauser(freeze, thaw) : null;
        using var drill = new NodeCrashDrill(settings.Nodes, ledger, injector, options, runId, restarter, pauser, isolator);
        DrillResult result;
        try
        {
            result = await drill.RunAsync(settings.Documents, settings.Timeout, token);
        }
        catch (Exception e) when (e is TimeoutException or CrashFailedException)
        {
            await Console.Error.WriteLineAsync($"drill-runner: the drill could not run: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // Anything else is a bug in the drill or a cluster answering outside the contract: say so and exit 2
            // rather than crash with an unhandled exception and no verdict.
            await Console.Error.WriteLineAsync($"drill-runner: the drill stopped on an unexpected error: {e}");
            return 2;
        }

        var (json, markdown) = await DrillReport.WriteAsync(result, settings.ReportDirectory ?? Path.Combine("drill-reports", runId), CancellationToken.None);
        Console.WriteLine(DrillReport.Summary(result));
        Console.WriteLine($"drill-runner: report written to {json} and {markdown}" + (drill.TraceId is { } trace ? $"; trace {trace}" : string.Empty));
        return result.Passed ? 0 : 1;
    }
}
