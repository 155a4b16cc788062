using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Report;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Standalone;

/// <summary>
/// Node processes run by one of the repository's cluster scripts (<c>scripts/local-cluster.sh</c>,
/// <c>scripts/netns-cluster.sh</c>), the way a user runs a standalone cluster: each node on its own data directory,
/// restartable by the script, killed for real. Aspire is not involved, so a restart is exactly "start the binary again
/// on the same directory".
/// </summary>
public abstract class ScriptedCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _environment;

    /// <summary>A cluster the script <paramref name="script"/> keeps in <paramref name="directory"/>.</summary>
    private protected ScriptedCluster(string directory, string script, string nodeArguments)
    {
        Directory = directory;
        Script = script;
        _environment = new Dictionary<string, string?> { ["CIVICTRUST_NODE_DLL"] = NodeDll(), ["CIVICTRUST_NODE_ARGS"] = nodeArguments };
    }

    /// <summary>Every member's base URL.</summary>
    public IReadOnlyList<Uri> Endpoints { get; private protected set; } = [];

    /// <summary>The key of issuer <c>civictrust-drill</c> the script made for this cluster (its <c>issuer-key</c> file).</summary>
    public string IssuerKey => File.ReadAllText(Path.Combine(Directory, "issuer-key")).Trim();

    /// <summary>The admin key the script made for this cluster (its <c>admin-key</c> file), which admits and revokes issuer keys.</summary>
    public string AdminKey => File.ReadAllText(Path.Combine(Directory, "admin-key")).Trim();

    /// <summary>The secret the script made for this cluster's Raft messages (its <c>cluster-secret</c> file).</summary>
    public string ClusterSecret => File.ReadAllText(Path.Combine(Directory, "cluster-secret")).Trim();

    /// <summary>The folder the script keeps this cluster in (member list, logs, data, credentials).</summary>
    public string DataDirectory => Directory;

    /// <summary>The <c>--restart-command</c> template that starts one of these nodes again.</summary>
    public string RestartCommand => $"{ScriptCommand} start '{Directory}' {RestartPlaceholder}";

    /// <summary>Where the script keeps this cluster.</summary>
    private protected string Directory { get; }

    /// <summary>The script's path.</summary>
    private protected string Script { get; }

    /// <summary>The script with the node binary these tests were built with, for command templates.</summary>
    private protected string ScriptCommand => $"CIVICTRUST_NODE_DLL='{_environment["CIVICTRUST_NODE_DLL"]}' '{Script}'";

    /// <summary>The placeholder that names a member to the script's <c>start</c>.</summary>
    private protected abstract string RestartPlaceholder { get; }

    /// <summary>How a partition drill cuts a member of this cluster off, if it can.</summary>
    private protected virtual INodeIsolator? Isolator => null;

    /// <summary>How a member is killed: local SIGKILL by pid unless the members' addresses are not loopback.</summary>
    private protected virtual ICrashInjector CrashInjector => new LocalSigkillInjector();

    /// <summary>How a member is frozen; <see langword="null"/> for the drill's local SIGSTOP by pid.</summary>
    private protected virtual INodePauser? Pauser => null;

    /// <summary>How a stopped member's disk is damaged, if this cluster's script can.</summary>
    private protected virtual INodeDamager? Damager => null;

    /// <summary>How a member's power is cut, if this cluster's members have disks of their own.</summary>
    private protected virtual ICrashInjector? PowerCutter => null;

    /// <summary>Sets a variable of the script's environment (for the commands that follow).</summary>
    private protected void SetScriptVariable(string name, string value) => _environment[name] = value;

    /// <summary>The cluster's CA certificate (<c>ca.crt</c>) when its members speak TLS, else <see langword="null"/>.</summary>
    public string? CaCertificatePath => File.Exists(Path.Combine(Directory, "ca.crt")) ? Path.Combine(Directory, "ca.crt") : null;

    /// <summary>The certificate and key of the member named <paramref name="member"/> (e.g. <c>node-5101</c>) when the cluster speaks TLS: what a test shows to speak as that member.</summary>
    public X509Certificate2? MemberCertificate(string member) =>
        CaCertificatePath is null ? null : X509Certificate2.CreateFromPemFile(Path.Combine(Directory, "tls", $"{member}.crt"), Path.Combine(Directory, "tls", $"{member}.key"));

    /// <summary>The cluster's CA, loaded, when its members speak TLS (what the drill's <c>--ca-cert</c> gives it).</summary>
    public X509Certificate2? ClusterCa => CaCertificatePath is { } ca ? DrillHttp.LoadAuthority(ca) : null;

    /// <summary>
    /// A client of the members: over TLS, one that trusts the cluster's CA (and nothing else), as a client given
    /// <c>--ca-cert</c> would, and shows <paramref name="clientCertificate"/> if one is given; <paramref name="observeServer"/>
    /// sees each certificate a member serves.
    /// </summary>
    public HttpClient NewHttpClient(TimeSpan? timeout = null, X509Certificate2? clientCertificate = null, Action<X509Certificate2>? observeServer = null)
    {
        var handler = new SocketsHttpHandler();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        DrillHttp.Trusting(handler, ClusterCa);
        if (observeServer is not null && handler.SslOptions.RemoteCertificateValidationCallback is { } trusts)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (certificate is not null)
                {
                    observeServer(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                }

                return trusts(sender, certificate, chain, errors);
            };
        }

        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
    }

    /// <summary>Polls every member until all answer and agree on one leader.</summary>
    public async Task WaitForLeaderAsync(CancellationToken token)
    {
        using var http = NewHttpClient();
        var clients = Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(2), IssuerKey)).ToList();
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
    /// and SIGSTOP by pid, restarts through <see cref="RestartCommand"/>, partitions through the script. The summary,
    /// findings and (on failure) the members' logs go to <paramref name="output"/>.
    /// </summary>
    public async Task<DrillResult> DrillAsync(DrillOptions options, int documents, ITestOutputHelper output, CancellationToken token)
    {
        var runId = NodeCrashDrill.NewRunId();
        await using var ledgers = new LedgerConnector();
        var ledger = await ledgers.ConnectAsync(connectionString: null, runId);
        using var adminHttp = NewHttpClient();
        var keyAdmin = new HttpIssuerKeyAdmin(adminHttp, AdminKey, options.RequestTimeout);
        using var drill = new NodeCrashDrill(
            Endpoints, ledger, new FaultInjectors(CrashInjector, new CommandTemplateRestarter(RestartCommand), Pauser, Isolator, Damager, PowerCutter, keyAdmin), options, runId, IssuerKey,
            ClusterCa);
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

    /// <summary>Every member's applied commit log, in the order of <see cref="Endpoints"/>: a test that ends whole expects them identical.</summary>
    public async Task<IReadOnlyList<LogEntryResponse>[]> ReadLogsAsync(CancellationToken token)
    {
        using var http = NewHttpClient();
        return await Task.WhenAll(Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(5)).ReadLogAsync(token)));
    }

    /// <summary>The process log of the member on <paramref name="port"/>, every run of it.</summary>
    public string LogOf(int port) => File.ReadAllText(Path.Combine(Directory, $"node-{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}.log"));

    /// <summary>Each member's process log, for a failing test's output.</summary>
    public string Logs(int lastLines = 30) => string.Join("\n", System.IO.Directory.EnumerateFiles(Directory, "node-*.log").Order().Select(file =>
        $"--- {Path.GetFileName(file)}\n" + string.Join("\n", File.ReadLines(file).TakeLast(lastLines))));

    /// <summary>Runs the script with <paramref name="arguments"/>; returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">The script failed.</exception>
    private protected async Task<string> RunScriptAsync(IEnumerable<string> arguments, CancellationToken token)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(Script)} {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(token)}");
        }

        return await stdout;
    }

    /// <summary>The repository's root folder (where <c>CivicTrust.sln</c> is).</summary>
    internal static string RepositoryRoot()
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

    /// <summary>A fresh folder for one cluster under the temp directory.</summary>
    private protected static string NewDirectory(string kind) =>
        Path.Combine(Path.GetTempPath(), "civictrust-tests", kind + "-" + Guid.NewGuid().ToString("n")[..8]);

    /// <summary>The node built alongside these tests (same configuration), never a stale build of another one.</summary>
    public static string NodeDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", "CivicTrust.Node", "bin", configuration, "net10.0", "CivicTrust.Node.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution before the tests.");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync(["down", Directory], CancellationToken.None);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A node killed a moment ago may still hold a file; the folder is under the temp directory.
        }

        GC.SuppressFinalize(this);
    }
}
