namespace CivicTrust.Drill.Crash;

/// <summary>
/// Cuts a node off from its peers at the network level and heals the cut: the node keeps running and its peers'
/// packets are dropped, so their connections hang instead of failing.
/// </summary>
public interface INodeIsolator
{
    /// <summary>How nodes are cut off, for the report.</summary>
    string Description { get; }

    /// <summary>Cuts <paramref name="target"/> off from every other member.</summary>
    /// <exception cref="CrashFailedException">The cut could not be made.</exception>
    Task IsolateAsync(CrashTarget target, CancellationToken token);

    /// <summary>Removes the cut around <paramref name="target"/>.</summary>
    /// <exception cref="CrashFailedException">The cut could not be removed.</exception>
    Task HealAsync(CrashTarget target, CancellationToken token);
}
