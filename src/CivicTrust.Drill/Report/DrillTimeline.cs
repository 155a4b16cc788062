namespace CivicTrust.Drill.Report;

/// <summary>The drill's moments, in Unix epoch milliseconds. A moment that never came is <see langword="null"/>.</summary>
/// <param name="StartedTs">Issuance started.</param>
/// <param name="CrashTs">The leader's SIGKILL was delivered.</param>
/// <param name="FailoverTs">Every survivor named the same new leader and it named itself.</param>
/// <param name="RecoveryTs">Every in-flight document was terminal and a fresh document had committed on the new leader.</param>
/// <param name="FinishedTs">Verification ended.</param>
public sealed record DrillTimeline(long StartedTs, long? CrashTs, long? FailoverTs, long? RecoveryTs, long FinishedTs)
{
    /// <summary>Crash to failover.</summary>
    public long? FailoverDurationMs => CrashTs is { } crash && FailoverTs is { } failover ? failover - crash : null;

    /// <summary>Failover to recovery.</summary>
    public long? RecoveryDurationMs => FailoverTs is { } failover && RecoveryTs is { } recovery ? recovery - failover : null;
}
