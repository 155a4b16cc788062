namespace CivicTrust.Drill.Crash;

/// <summary>
/// Crashes a node by running a shell command built from a template, for nodes on other hosts, e.g.
/// <c>ssh {host} kill -9 {pid}</c> or <c>kubectl delete pod {node} --grace-period=0 --force</c>.
/// Placeholders: <c>{node}</c>, <c>{pid}</c>, <c>{host}</c>, <c>{port}</c>, <c>{url}</c>.
/// </summary>
public sealed class CommandTemplateInjector(string template) : ICrashInjector
{
    private readonly ShellCommandTemplate _command = new(template);

    /// <inheritdoc/>
    public string Description => $"command: {template}";

    /// <summary>The command for <paramref name="target"/>.</summary>
    public string Render(CrashTarget target) => _command.Render(target);

    /// <inheritdoc/>
    public Task CrashAsync(CrashTarget target, CancellationToken token) => _command.RunAsync(target, "crash", token);
}
