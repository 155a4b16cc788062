using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Drill;
using CivicTrust.DrillRunner.Report;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Standalone;

/// <summary>
/// Three node processes started by the repository's <c>scripts/local-cluster.sh</c>, the same way a user runs a
/// standalone cluster for a crash schedule: each node on its own data directory, restartable by that script, killed
/// for real. Aspire is not involved, so a restart is exactly "start the binary again on the same directory".
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _script;
    private readonly Dictionary<string, string?> _environment;

    private LocalCluster(string directory, string script, IReadOnlyList<Uri> endpoints, Dictionary<string, string?> environment)
    {
        _directory = directory;
        _script = script;
        Endpoints = endpoints;
        _environment = environment;
    }

    /// <summary>Every member's base URL.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The <c>--restart-command</c> template that starts one of these nodes again.</summary>
    public string RestartCommand => $"CIVICTRUST_NODE_DLL='{_environment["CIVICTRUST_NODE_DLL"]}' '{_script}' start '{_directory}' {{port}}";

    /// <summary>Starts three nodes on free loopback ports and waits until each sees the same leader.</summary>
    /// <param name="token">Cancels the start.</param>
    /// <param name="nodeArguments">Extra node arguments (e.g. <c>--Cluster:SnapshotInterval 50</c>).</param>
    public static async Task<LocalCluster> StartAsync(CancellationToken token, string nodeArguments = "")
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "scripts", "local-cluster.sh");
        // The node built alongside these tests (same configuration), never a stale build of another one.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(root, "src", "CivicTrust.Node", "bin", configuration, "net10.0", "CivicTrust.Node.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution before the tests.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "civictrust-tests", "local-" + Guid.NewGuid().ToString("n")[..8]);
        var environment = new Dictionary<string, string?> { ["CIVICTRUST_NODE_DLL"] = dll, ["CIVICTRUST_NODE_ARGS"] = nodeArguments };
        var ports = FreePorts(3);
        var cluster = new LocalCluster(directory, script, [.. ports.Select(p => new Uri($"http://127.0.0.1:{p}/"))], environment);
        await cluster.RunScriptAsync(["up", directory, .. ports.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))], token);
        await cluster.WaitForLeaderAsync(token);
        return cluster;
    }

    /// <summary>Polls every member until all answer and agree on one leader.</summary>
    public async Task WaitForLeaderAsync(CancellationToken token)
    {
        using var http = new HttpClient();
        var clients = Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(2))).ToList();
        while (true)
        {
            try
            {
                var statuses = await Task.WhenAll(clients.Select(c => c.GetStatusAsync(token)));
                if (statuses.All(s => s.Leader is not null) && statuses.Select(s => s.Leader).Distinct().Count() == 1)
                {
                    return;
                }
            }
            catch (NodeUnreachableException)
            {
            }

            await Task.Delay(50, token);
        }
    }

    /// <summary>
    /// One drill against this cluster as the CLI runs it on one machine: an embedded ledger for the run, local SIGKILL
    /// and SIGSTOP by pid, restarts through <see cref="RestartCommand"/>. The summary, findings and (on failure) the
    /// members' logs go to <paramref name="output"/>.
    /// </summary>
    public async Task<DrillResult> DrillAsync(DrillOptions options, int documents, ITestOutputHelper output, CancellationToken token)
    {
        var runId = NodeCrashDrill.NewRunId();
        await using var ledgers = new LedgerConnector();
        var ledger = await ledgers.ConnectAsync(connectionString: null, runId);
        using var drill = new NodeCrashDrill(Endpoints, ledger, new LocalSigkillInjector(), options, runId, new CommandTemplateRestarter(RestartCommand));
        DrillResult result;
        try
        {
            result = await drill.RunAsync(documents, TimeSpan.FromSeconds(30), token);
        }
        catch (Exception e) when (e is TimeoutException or CrashFailedException)
        {
            output.WriteLine(Logs(80));
            throw;
        }

        output.WriteLine(DrillReport.Summary(result));
        output.WriteLine(string.Join("\n", result.Findings));
        if (!result.Passed)
        {
            output.WriteLine(Logs());
        }

        return result;
    }

    /// <summary>Each member's process log, for a failing test's output.</summary>
    public string Logs(int lastLines = 30) => string.Join("\n", Directory.EnumerateFiles(_directory, "node-*.log").Order().Select(file =>
        $"--- {Path.GetFileName(file)}\n" + string.Join("\n", File.ReadLines(file).TakeLast(lastLines))));

    private async Task RunScriptAsync(IEnumerable<string> arguments, CancellationToken token)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(_script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(token)}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CivicTrust.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run from inside the repository.");
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync(["down", _directory], CancellationToken.None);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node killed a moment ago may still hold a file; the folder is under the temp directory.
        }
    }
}
