using CivicTrust.DrillRunner.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The node-crash drill's CLI: exit 0 when the drill passed, 1 when a criterion failed, 2 on bad usage or an
// unreachable cluster or ledger.
if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.WriteLine(DrillCommandLine.Usage);
    return 0;
}

if (args is [ReportCheckCommand.Name, .. var folder])
{
    return await ReportCheckCommand.RunAsync(folder, Console.Out, Console.Error, CancellationToken.None);
}

if (args is ["--version"])
{
    Console.WriteLine(typeof(DrillCommandLine).Assembly.GetName().Version);
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

// Telemetry only: the host exports the drill's trace (and its HTTP calls) to the dashboard when Aspire provides an
// OTLP endpoint. The command line is not handed to it, so drill flags never become configuration keys.
var hostBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "DrillRunner", Args = [] });
hostBuilder.AddServiceDefaults();
hostBuilder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the CLI's own lines say what happens
using var host = hostBuilder.Build();
await host.StartAsync(cancel.Token);
try
{
    return await DrillCli.RunAsync(settings, cancel.Token);
}
finally
{
    await host.StopAsync(CancellationToken.None); // flushes the exporters before the process ends
}
