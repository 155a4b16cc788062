using System.Diagnostics;
using System.Net;

namespace CivicTrust.Drill.Crash;

/// <summary>
/// SIGKILL by process id on this machine (the default). Refuses nodes whose URL is not a loopback address: a pid
/// reported by another host means nothing here, and killing whatever local process has that number would be worse
/// than failing. Use <see cref="CommandTemplateInjector"/> for remote nodes.
/// </summary>
public sealed class LocalSigkillInjector : ICrashInjector
{
    /// <inheritdoc/>
    public string Description => "local SIGKILL by pid";

    /// <inheritdoc/>
    public Task CrashAsync(CrashTarget target, CancellationToken token)
    {
        EnsureLocal(target);

        Process process;
        try
        {
            process = Process.GetProcessById(target.Pid);
        }
        catch (ArgumentException e)
        {
            throw new CrashFailedException($"{target.NodeId} reported pid {target.Pid}, but no such process runs here.", e);
        }

        using (process)
        {
            // On Unix, Process.Kill sends SIGKILL: the node gets no chance to flush, close sockets or step down.
            process.Kill(entireProcessTree: false);
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses a target whose URL is not a loopback address: its pid is another host's.</summary>
    /// <exception cref="CrashFailedException">The target is not on this machine.</exception>
    public static void EnsureLocal(CrashTarget target)
    {
        if (!IsLoopback(target.Endpoint))
        {
            throw new CrashFailedException(
                $"{target.NodeId} ({target.Endpoint}) is not on this machine; a local signal to pid {target.Pid} would hit the wrong process. " +
                "Give a --crash-command (and for pause a --pause-command and --resume-command), e.g. 'kill -9 {pid}' for local nodes on non-loopback addresses.");
        }
    }

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
