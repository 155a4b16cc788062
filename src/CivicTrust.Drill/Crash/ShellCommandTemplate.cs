using System.Diagnostics;
using System.Globalization;

namespace CivicTrust.Drill.Crash;

/// <summary>
/// A shell command built from a template with a node's placeholders, run by <c>/bin/sh -c</c>: how the drill reaches
/// nodes it cannot signal itself (other hosts, services, containers). Placeholders: <c>{node}</c>, <c>{pid}</c>,
/// <c>{host}</c>, <c>{port}</c>, <c>{url}</c>.
/// </summary>
public sealed class ShellCommandTemplate(string template)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The template as given.</summary>
    public string Template => template;

    /// <summary>The command for <paramref name="target"/>.</summary>
    public string Render(CrashTarget target) => template
        .Replace("{node}", target.NodeId, StringComparison.Ordinal)
        .Replace("{pid}", target.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{host}", target.Endpoint.Host, StringComparison.Ordinal)
        .Replace("{port}", target.Endpoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{url}", target.Endpoint.ToString().TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>Runs the command for <paramref name="target"/> and waits for it to exit.</summary>
    /// <param name="target">The node the placeholders describe.</param>
    /// <param name="purpose">What the command is for ("crash", "restart"), for error messages.</param>
    /// <param name="token">Cancels the wait (the command is killed).</param>
    /// <exception cref="CrashFailedException">The command could not start, timed out, or exited non-zero.</exception>
    public async Task RunAsync(CrashTarget target, string purpose, CancellationToken token)
    {
        var command = Render(target);
        // Only stderr is captured, and read only on failure: a command that starts a node in the background may leave
        // the node holding its output, which must not keep the drill waiting for an end of stream.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new CrashFailedException($"Could not start the {purpose} command: {command}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(Timeout);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CrashFailedException($"The {purpose} command did not finish within {Timeout.TotalSeconds} s: {command}");
        }

        if (process.ExitCode != 0)
        {
            throw new CrashFailedException($"The {purpose} command exited with {process.ExitCode}: {command}\n{await stderr}");
        }
    }
}
