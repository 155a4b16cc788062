using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>What the verification phase found in the members' logs.</summary>
/// <param name="StartedAtUnixMs">When verification began (the <c>drill.verify</c> span's start).</param>
/// <param name="Members">Every log read, as read (kept with the report, so its verdicts can be recomputed).</param>
/// <param name="Logs">The duplicate and divergence analysis of every log read.</param>
/// <param name="Lost">Acknowledged documents missing from the logs.</param>
/// <param name="LogEnds">Notes on members whose logs end at different indexes.</param>
/// <param name="Linearizability">The history of every hash checked against the logs' final decisions.</param>
/// <param name="Decisions">How every document sent ended in the logs; <see langword="null"/> when none was read.</param>
public sealed record LogVerification(
    long StartedAtUnixMs,
    IReadOnlyList<MemberLog> Members,
    DuplicateReport Logs,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> LogEnds,
    LinearizabilityVerdict Linearizability,
    DecisionTally? Decisions);
