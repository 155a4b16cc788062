namespace CivicTrust.Drill.Crash;

/// <summary>
/// Restarts a node with a shell command built from a template, e.g.
/// <c>scripts/local-cluster.sh start /tmp/cluster {port}</c> or <c>ssh {host} systemctl start civictrust</c>.
/// Placeholders as for <see cref="CommandTemplateInjector"/> (<c>{pid}</c> is the killed process's).
/// </summary>
public sealed class CommandTemplateRestarter(string template) : INodeRestarter
{
    private readonly ShellCommandTemplate _command = new(template);

    /// <inheritdoc/>
    public string Description => $"command: {template}";

    /// <inheritdoc/>
    public Task RestartAsync(CrashTarget target, CancellationToken token) => _command.RunAsync(target, "restart", token);
}
