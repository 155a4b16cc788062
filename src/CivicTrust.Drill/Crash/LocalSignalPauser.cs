using System.Diagnostics;
using System.Globalization;

namespace CivicTrust.Drill.Crash;

/// <summary>
/// SIGSTOP / SIGCONT by process id on this machine, for loopback nodes only (a pid from another host means nothing
/// here). The kernel keeps accepting connections to a stopped process's listening socket, so peers see silence, not
/// "connection refused": exactly what a GC pause or a frozen VM looks like from outside.
/// </summary>
public sealed class LocalSignalPauser : INodePauser
{
    /// <inheritdoc/>
    public string Description => "local SIGSTOP/SIGCONT by pid";

    /// <inheritdoc/>
    public Task PauseAsync(CrashTarget target, CancellationToken token) => SignalAsync(target, "STOP", token);

    /// <inheritdoc/>
    public Task ResumeAsync(CrashTarget target, CancellationToken token) => SignalAsync(target, "CONT", token);

    private static async Task SignalAsync(CrashTarget target, string signal, CancellationToken token)
    {
        LocalSigkillInjector.EnsureLocal(target);
        // .NET has no SIGSTOP API; kill(1) is on every machine this drill runs on.
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(target.Pid.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new CrashFailedException($"Could not run kill -{signal} for {target.NodeId}.");
        await process.WaitForExitAsync(token);
        if (process.ExitCode != 0)
        {
            throw new CrashFailedException($"kill -{signal} {target.Pid} ({target.NodeId}) failed: {await process.StandardError.ReadToEndAsync(token)}");
        }
    }
}
