using CivicTrust.Contracts;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>Knobs of one drill run. The numeric defaults the CLI and the AppHost share come from <see cref="DrillSettingDefaults"/>.</summary>
public sealed record DrillOptions
{
    /// <summary>The defaults, the one place every other layer (CLI settings, AppHost) takes them from.</summary>
    public static readonly DrillOptions Default = new();

    /// <summary>The fault injected once <see cref="CrashAfterFraction"/> of the documents are acknowledged.</summary>
    public IDrillFault Fault { get; init; } = DrillFaults.Kill;

    /// <summary>The member a fault with <see cref="IDrillFault.Targets"/> hits.</summary>
    public DrillTarget Target { get; init; } = DrillTarget.Leader;

    /// <summary>How documents still in flight after the fault are settled (<c>--resolve</c>): fenced by default.</summary>
    public ResolveMode Resolve { get; init; } = ResolveMode.Fence;

    /// <summary>What <see cref="DiskCorruptionFault"/> damages.</summary>
    public DiskArea Corrupt { get; init; } = DiskArea.Log;

    /// <summary>How long a fault the target lives through (<see cref="IDrillFault.TargetLives"/>: pause, partition) is held.</summary>
    public TimeSpan FaultDuration { get; init; } = TimeSpan.FromSeconds(DrillSettingDefaults.FaultDurationSeconds);

    /// <summary>
    /// In a crash schedule, the share of the documents acknowledged between two kills (e.g. after the first follower
    /// dies and before the second does), so each kill lands while entries are streaming.
    /// </summary>
    public double ScheduleStepFraction { get; init; } = 0.15;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = DrillSettingDefaults.Concurrency;

    /// <summary>Documents started per second (see <see cref="DrillSettingDefaults.Rate"/> for why it is paced).</summary>
    public int DocumentsPerSecond { get; init; } = DrillSettingDefaults.Rate;

    /// <summary>Fraction of the documents acknowledged before the leader is killed (by <see cref="NodeCrashDrill.RunAsync"/>).</summary>
    public double CrashAfterFraction { get; init; } = 0.3;

    /// <summary>Deadline of one HTTP request; a request to a just-killed leader would otherwise hang.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per document (the first send, its retries and its hedges, always with the same document).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First retry delay; doubled on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest pause between two attempts at a document. Short, so that a client retrying through an outage is back
    /// within a fraction of a second of the cluster (a one-second cap kept the load idle that long after a failover).
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a send may go unanswered before the same document also goes to the next member: well above this
    /// cluster's write latency (p99 tens of ms under load), well below the request deadline a frozen member holds a
    /// client to.
    /// </summary>
    public TimeSpan HedgeAfter { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Interval between failover polls (at most 10 ms: a coarser poll would add its own delay to the failover it measures).</summary>
    public TimeSpan FailoverPollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The pass threshold of the failover criterion.</summary>
    public TimeSpan FailoverLimit { get; init; } = TimeSpan.FromSeconds(10);
}
