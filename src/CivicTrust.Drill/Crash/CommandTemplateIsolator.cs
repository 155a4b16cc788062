namespace CivicTrust.Drill.Crash;

/// <summary>
/// Cuts a node off and heals it with two shell command templates (<c>--partition-command</c>, <c>--heal-command</c>),
/// e.g. <c>scripts/netns-cluster.sh cut /tmp/cluster {host}</c>: where the network is, and who may change it, is the
/// operator's to say. Placeholders as for <see cref="ShellCommandTemplate"/>.
/// </summary>
public sealed class CommandTemplateIsolator(string partitionTemplate, string healTemplate) : INodeIsolator
{
    private readonly ShellCommandTemplate _partition = new(partitionTemplate);
    private readonly ShellCommandTemplate _heal = new(healTemplate);

    /// <inheritdoc/>
    public string Description => $"cut: {partitionTemplate}; heal: {healTemplate}";

    /// <inheritdoc/>
    public Task IsolateAsync(CrashTarget target, CancellationToken token) => _partition.RunAsync(target, "partition", token);

    /// <inheritdoc/>
    public Task HealAsync(CrashTarget target, CancellationToken token) => _heal.RunAsync(target, "heal", token);
}
