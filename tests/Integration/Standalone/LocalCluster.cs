using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CivicTrust.Drill.Crash;

namespace CivicTrust.Integration.Standalone;

/// <summary>Node processes on loopback (three unless told), started by <c>scripts/local-cluster.sh</c>.</summary>
public sealed class LocalCluster : ScriptedCluster
{
    private LocalCluster(string directory, string script, string nodeArguments)
        : base(directory, script, nodeArguments)
    {
    }

    /// <inheritdoc/>
    private protected override string RestartPlaceholder => "{port}";

    private bool _ownDisks;

    /// <summary>The <c>--power-loss-command</c> template that cuts one member's power (members with disks of their own).</summary>
    public string PowerCutCommand => $"{ScriptCommand} power-cut '{Directory}' {{port}}";

    /// <inheritdoc/>
    private protected override ICrashInjector? PowerCutter => _ownDisks ? new CommandTemplateInjector(PowerCutCommand) : null;

    /// <inheritdoc/>
    private protected override INodeDamager Damager => new CommandTemplateDamager($"{ScriptCommand} damage '{Directory}' {{port}} {{area}}");

    /// <summary>Starts <paramref name="members"/> nodes on free loopback ports and waits until each sees the same leader.</summary>
    /// <param name="token">Cancels the start.</param>
    /// <param name="nodeArguments">Extra node arguments (e.g. <c>--Cluster:SnapshotInterval 50</c>).</param>
    /// <param name="ownDisks">Each member on a loop-device disk of its own, whose power can be cut (root; <see cref="LoopDisks"/>).</param>
    /// <param name="members">How many members the cluster has.</param>
    /// <param name="tls">The members speak mutual TLS with certificates from the cluster's own CA (<see cref="ScriptedCluster.CaCertificatePath"/>),
    /// as every standalone test cluster does unless it tests the plain-HTTP guards themselves.</param>
    public static async Task<LocalCluster> StartAsync(CancellationToken token, string nodeArguments = "", bool ownDisks = false, int members = 3, bool tls = true)
    {
        var cluster = new LocalCluster(NewDirectory("local"), Path.Combine(RepositoryRoot(), "scripts", "local-cluster.sh"), nodeArguments) { _ownDisks = ownDisks };
        if (ownDisks)
        {
            cluster.SetScriptVariable("CIVICTRUST_LOOP_DISKS", "1");
        }

        if (tls)
        {
            cluster.SetScriptVariable("CIVICTRUST_TLS", "1");
        }

        var ports = FreePorts(members);
        cluster.Endpoints = [.. ports.Select(p => new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{p}/"))];
        await cluster.RunScriptAsync(["up", cluster.Directory, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))], token);
        await cluster.WaitForLeaderAsync(token);
        return cluster;
    }

    /// <summary>Cuts the power of the member on <paramref name="port"/> (a cluster started with its own disks); it is left stopped.</summary>
    public Task CutPowerAsync(int port, CancellationToken token) =>
        RunScriptAsync(["power-cut", Directory, port.ToString(CultureInfo.InvariantCulture)], token);

    /// <summary>
    /// Freezes the member on <paramref name="port"/> (SIGSTOP) and returns once every one of its threads has stopped:
    /// <c>kill</c> returns at once, while a thread inside a system call (an msync of its log) stops only when the call
    /// returns.
    /// </summary>
    public async Task FreezeAsync(int port, CancellationToken token)
    {
        var pid = PidOf(port);
        using (var kill = Process.Start("kill", ["-STOP", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(token);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -STOP {pid} exited with {kill.ExitCode}");
            }
        }

        while (System.IO.Directory.EnumerateDirectories($"/proc/{pid}/task").Any(task => !IsStopped(Path.Combine(task, "stat"))))
        {
            await Task.Delay(10, token);
        }
    }

    // The state follows the command name, which may itself hold spaces or parentheses: it is the field after the last ')'.
    private static bool IsStopped(string stat)
    {
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('T');
        }
        catch (IOException)
        {
            return true; // the thread has ended
        }
    }

    /// <summary>SIGKILLs the member on <paramref name="port"/> and waits until its process is gone.</summary>
    public async Task KillAsync(int port, CancellationToken token)
    {
        using var process = Process.GetProcessById(PidOf(port));
        process.Kill();
        await process.WaitForExitAsync(token);
    }

    /// <summary>Gives the member on <paramref name="port"/> of a TLS cluster a new key and certificate from the cluster's CA; it keeps running.</summary>
    public Task RotateCertificateAsync(int port, CancellationToken token) =>
        RunScriptAsync(["rotate-cert", Directory, port.ToString(CultureInfo.InvariantCulture)], token);

    /// <summary>Starts the member on <paramref name="port"/> again on its data directory.</summary>
    public Task RestartAsync(int port, CancellationToken token) =>
        RunScriptAsync(["start", Directory, port.ToString(CultureInfo.InvariantCulture)], token);

    /// <summary>Empties the data directory of the stopped member on <paramref name="port"/>: its disk is lost.</summary>
    public Task LoseDiskAsync(int port, CancellationToken token) =>
        RunScriptAsync(["damage", Directory, port.ToString(CultureInfo.InvariantCulture), "disk"], token);

    private int PidOf(int port) =>
        int.Parse(File.ReadAllText(Path.Combine(Directory, $"node-{port.ToString(CultureInfo.InvariantCulture)}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The data directory of the member on <paramref name="port"/>.</summary>
    public string DataDirectoryOf(int port) => Path.Combine(Directory, $"node-{port.ToString(CultureInfo.InvariantCulture)}");

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
