using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill.Report;

/// <summary>Everything the drill measured, before it is judged.</summary>
public sealed record DrillMeasurements
{
    /// <summary>The moments of the run.</summary>
    public required DrillTimeline Timeline { get; init; }

    /// <summary>Node id of the killed leader (the member the fault hit; the leader it began with, for a fault that takes no member away).</summary>
    public required string OldLeaderId { get; init; }

    /// <summary>
    /// Whether the fault took no member away, so that <see cref="OldLeaderId"/> is expected to lead on and
    /// <c>new_leader_elected</c> judges that a leader is agreed on, not that another was elected.
    /// </summary>
    public bool NoMemberTakenAway { get; init; }

    /// <summary>Node id of the leader the survivors agreed on, if they did.</summary>
    public string? NewLeaderId { get; init; }

    /// <summary>Documents recorded as submitted.</summary>
    public required int DocumentsSubmitted { get; init; }

    /// <summary>Documents acknowledged to the client.</summary>
    public required int DocumentsAcknowledged { get; init; }

    /// <summary>The log comparison.</summary>
    public required DuplicateReport Logs { get; init; }

    /// <summary>How the in-flight documents ended.</summary>
    public required InFlightResolution InFlight { get; init; }

    /// <summary>When the fault's schedule stopped acting on the cluster (Unix ms); <see langword="null"/> when unknown.</summary>
    public long? ScheduleEndedTs { get; init; }

    /// <summary>The pace the load offered, documents per second.</summary>
    public double OfferedPerSecond { get; init; }

    /// <summary>How the acknowledgement rate came back after the fault; <see langword="null"/> when it was not measured.</summary>
    public ThroughputRecovery? Throughput { get; init; }

    /// <summary>How in-flight documents were settled: <c>fence</c> or <c>retry</c>.</summary>
    public string Resolve { get; init; } = "fence";

    /// <summary>
    /// How every document sent ended in the members' logs (<see cref="DecisionCheck"/>); <see langword="null"/> when no log
    /// was read. It catches what the in-flight tracker never saw, such as a document sent after its last sweep.
    /// </summary>
    public DecisionTally? Decisions { get; init; }

    /// <summary>Whether every hash's operations fit one decision (see <see cref="LinearizabilityCheck"/>).</summary>
    public required LinearizabilityVerdict Linearizability { get; init; }

    /// <summary>Writes a member answered 2xx while it could not have had a majority (cut off, or alone), one line each.</summary>
    public IReadOnlyList<string> StaleAcknowledgements { get; init; } = [];

    /// <summary>Acknowledged documents the new leader does not have.</summary>
    public required IReadOnlyList<string> LostAcknowledged { get; init; }

    /// <summary>Whether a fresh document committed on the new leader.</summary>
    public required bool FreshIssuanceOk { get; init; }

    /// <summary>Last acknowledgement before the crash to the first after it.</summary>
    public long? WriteGapMs { get; init; }

    /// <summary>Longest stretch without acknowledgements across the crash (see <see cref="Issuance.AcknowledgementLog.LongestGap"/>).</summary>
    public long? LongestAckGapMs { get; init; }

    /// <summary>Where the ledger lived.</summary>
    public required string Ledger { get; init; }

    /// <summary>The fault's command-line name (<c>kill</c>, <c>pause</c>, <c>lagging-majority</c>...).</summary>
    public string Fault { get; init; } = "kill";

    /// <summary>How the leader was killed.</summary>
    public required string CrashMethod { get; init; }

    /// <summary>How the member whose disk was damaged dealt with it; <see langword="null"/> for faults that damage no disk.</summary>
    public DamageOutcome? Damage { get; init; }

    /// <summary>How the revoked issuer key was treated (<see cref="RevocationCheck"/>); <see langword="null"/> for faults that revoke none.</summary>
    public RevocationVerdict? Revocation { get; init; }

    /// <summary>Observations worth a look that are not failures (documents the load gave up on, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Problems that stopped part of the drill (unreachable leader, crash failure...).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
