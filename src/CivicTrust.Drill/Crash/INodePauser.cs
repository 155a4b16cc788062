namespace CivicTrust.Drill.Crash;

/// <summary>Freezes a node's process and thaws it again: a hang, not a crash (its sockets stay open, nothing answers).</summary>
public interface INodePauser
{
    /// <summary>How nodes are paused, for the report.</summary>
    string Description { get; }

    /// <summary>Stops <paramref name="target"/> (SIGSTOP or equivalent).</summary>
    /// <exception cref="CrashFailedException">The node could not be paused.</exception>
    Task PauseAsync(CrashTarget target, CancellationToken token);

    /// <summary>Lets <paramref name="target"/> run again (SIGCONT or equivalent).</summary>
    /// <exception cref="CrashFailedException">The node could not be resumed.</exception>
    Task ResumeAsync(CrashTarget target, CancellationToken token);
}
