using CivicTrust.Drill.Faults;

namespace CivicTrust.Drill.Crash;

/// <summary>
/// Damages a stopped node's data at rest, as a failing disk does (flipped bits in what it wrote): the drill reaches a
/// node's disk only through such a command, since it knows nothing of how a node lays out its files.
/// </summary>
public interface INodeDamager
{
    /// <summary>How nodes are damaged, for the report.</summary>
    string Description { get; }

    /// <summary>Damages <paramref name="area"/> of the stopped <paramref name="target"/>.</summary>
    /// <exception cref="CrashFailedException">The damage could not be done (no such file, the node still runs).</exception>
    Task DamageAsync(CrashTarget target, DiskArea area, CancellationToken token);
}
