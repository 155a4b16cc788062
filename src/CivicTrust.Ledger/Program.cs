using System.Globalization;
using System.Runtime.InteropServices;
using CivicTrust.Ledger;

// The ledger as a standalone process (the AppHost's `ledger` resource when no container runtime is available).
// Port: --port N, or LEDGER_PORT (what the AppHost sets); memory cap: --memory 4g or LEDGER_MEMORY.
var portText = Option(args, "--port") ?? Environment.GetEnvironmentVariable("LEDGER_PORT") ?? "6390";
if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
{
    await Console.Error.WriteLineAsync($"civictrust-ledger: '{portText}' is not a TCP port (1-65535).");
    return 2;
}

var memory = Option(args, "--memory") ?? Environment.GetEnvironmentVariable("LEDGER_MEMORY") ?? EmbeddedLedgerServer.DefaultMemory;
EmbeddedLedgerServer server;
try
{
    server = EmbeddedLedgerServer.Start(port, memory);
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"civictrust-ledger: {e.Message}");
    return 1;
}

using (server)
{
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.TrySetResult();
    }

    // Without its own handler the Garnet host takes ~2 s to exit on SIGTERM; with it, ~30 ms.
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    Console.WriteLine($"civictrust-ledger: RESP ledger ready on {server.ConnectionString} (in memory, cap {memory}), pid {Environment.ProcessId}.");
    await stop.Task;
    Console.WriteLine("civictrust-ledger: stopping.");
}

return 0;

static string? Option(string[] args, string name)
{
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == name && i + 1 < args.Length)
        {
            return args[i + 1];
        }

        if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
        {
            return args[i][(name.Length + 1)..];
        }
    }

    return null;
}
