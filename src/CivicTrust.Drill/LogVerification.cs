using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>What the verification phase found in the members' logs.</summary>
/// <param name="StartedAtUnixMs">When verification began (the <c>drill.verify</c> span's start).</param>
/// <param name="Logs">The duplicate and divergence analysis of every log read.</param>
/// <param name="Lost">Acknowledged documents missing from the logs.</param>
/// <param name="LogEnds">Notes on members whose logs end at different indexes.</param>
/// <param name="Linearizability">The history of every hash checked against the logs' final decisions.</param>
internal sealed record LogVerification(
    long StartedAtUnixMs, DuplicateReport Logs, IReadOnlyList<string> Lost, IReadOnlyList<string> LogEnds, LinearizabilityVerdict Linearizability);
