namespace CivicTrust.Drill.Crash;

/// <summary>Kills a node abruptly, the way a power cut or OOM kill would: no graceful shutdown.</summary>
public interface ICrashInjector
{
    /// <summary>How the crash is done, for the report.</summary>
    string Description { get; }

    /// <summary>Kills <paramref name="target"/>; returns once the kill has been delivered.</summary>
    /// <exception cref="CrashFailedException">The node could not be killed.</exception>
    Task CrashAsync(CrashTarget target, CancellationToken token);
}
