using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Report;

// The node-crash drill's CLI: exit 0 when the drill passed, 1 when a criterion failed, 2 on bad usage or an
// unreachable cluster or ledger.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(DrillCommandLine.Usage);
    return 0;
}

DrillSettings settings;
try
{
    settings = DrillCommandLine.Parse(args, Environment.GetEnvironmentVariable);
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"drill-runner: {e.Message}\n\n{DrillCommandLine.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var unreachable = await ClusterProbe.FindUnreachableAsync(settings.Nodes, cancel.Token);
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

Console.WriteLine($"drill-runner: drill {runId}: {settings.Documents} documents against {string.Join(", ", settings.Nodes)}; ledger: {ledger.Description}");
ICrashInjector injector = settings.CrashCommand is { } template ? new CommandTemplateInjector(template) : new LocalSigkillInjector();
var options = new DrillOptions { Concurrency = settings.Concurrency, DocumentsPerSecond = settings.Rate };
using var drill = new NodeCrashDrill(settings.Nodes, ledger, injector, options, runId);
DrillResult result;
try
{
    result = await drill.RunAsync(settings.Documents, settings.Timeout, cancel.Token);
}
catch (Exception e) when (e is TimeoutException or CrashFailedException)
{
    await Console.Error.WriteLineAsync($"drill-runner: the drill could not run: {e.Message}");
    return 2;
}

var (json, markdown) = await DrillReport.WriteAsync(result, settings.ReportDirectory ?? Path.Combine("drill-reports", runId), CancellationToken.None);
Console.WriteLine(DrillReport.Summary(result));
Console.WriteLine($"drill-runner: report written to {json} and {markdown}");
return result.Passed ? 0 : 1;
