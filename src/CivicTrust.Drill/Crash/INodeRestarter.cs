namespace CivicTrust.Drill.Crash;

/// <summary>
/// Starts a killed node again on its own data directory: crash schedules need a member to come back with whatever
/// its disk kept, and every drill leaves the cluster whole for the next one.
/// </summary>
public interface INodeRestarter
{
    /// <summary>How nodes are restarted, for the report.</summary>
    string Description { get; }

    /// <summary>Starts <paramref name="target"/>; returns once the start was launched (not once the node is ready).</summary>
    /// <exception cref="CrashFailedException">The node could not be started.</exception>
    Task RestartAsync(CrashTarget target, CancellationToken token);
}
