using System.Diagnostics;
using System.Globalization;

namespace CivicTrust.DrillRunner.Crash;

/// <summary>
/// Crashes a node by running a shell command built from a template, for nodes on other hosts, e.g.
/// <c>ssh {host} kill -9 {pid}</c> or <c>kubectl delete pod {node} --grace-period=0 --force</c>.
/// Placeholders: <c>{node}</c>, <c>{pid}</c>, <c>{host}</c>, <c>{port}</c>, <c>{url}</c>.
/// </summary>
public sealed class CommandTemplateInjector(string template) : ICrashInjector
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public string Description => $"command: {template}";

    /// <summary>The command for <paramref name="target"/>.</summary>
    public string Render(CrashTarget target) => template
        .Replace("{node}", target.NodeId, StringComparison.Ordinal)
        .Replace("{pid}", target.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{host}", target.Endpoint.Host, StringComparison.Ordinal)
        .Replace("{port}", target.Endpoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{url}", target.Endpoint.ToString().TrimEnd('/'), StringComparison.Ordinal);

    /// <inheritdoc/>
    public async Task CrashAsync(CrashTarget target, CancellationToken token)
    {
        var command = Render(target);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new CrashFailedException($"Could not start: {command}");
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
            throw new CrashFailedException($"The crash command did not finish within {Timeout.TotalSeconds} s: {command}");
        }

        if (process.ExitCode != 0)
        {
            throw new CrashFailedException($"The crash command exited with {process.ExitCode}: {command}\n{await stderr}");
        }
    }
}
