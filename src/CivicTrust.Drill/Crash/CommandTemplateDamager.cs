using CivicTrust.Drill.Faults;

namespace CivicTrust.Drill.Crash;

/// <summary>
/// Damages a node's disk with a shell command built from a template, e.g.
/// <c>scripts/local-cluster.sh damage /tmp/cluster {port} {area}</c>. Placeholders as for
/// <see cref="CommandTemplateInjector"/>, and <c>{area}</c>: <c>log</c>, <c>snapshot</c> or <c>disk</c> (the whole data directory).
/// </summary>
public sealed class CommandTemplateDamager(string template) : INodeDamager
{
    /// <inheritdoc/>
    public string Description => $"command: {template}";

    /// <inheritdoc/>
    public Task DamageAsync(CrashTarget target, DiskArea area, CancellationToken token) =>
        new ShellCommandTemplate(template.Replace("{area}", area.Name(), StringComparison.Ordinal)).RunAsync(target, "damage", token);
}
