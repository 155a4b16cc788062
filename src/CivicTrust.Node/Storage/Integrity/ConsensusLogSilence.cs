namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Silences DotNext's own log from the moment damage is found until the host stops for the repair. What it logs then
/// (every refused Raft message, an election cancelled by the stop, each with a stack trace) is the expected consequence
/// of the member cutting itself off, and would bury the one line that says what happened.
/// </summary>
public sealed class ConsensusLogSilence
{
    private volatile bool _engaged;

    /// <summary>From now on, DotNext's log lines are dropped.</summary>
    public void Engage() => _engaged = true;

    /// <summary>The logging filter: whether a line of <paramref name="category"/> may be written.</summary>
    public bool Allows(string? category) => !_engaged || category?.StartsWith("DotNext", StringComparison.Ordinal) != true;
}
