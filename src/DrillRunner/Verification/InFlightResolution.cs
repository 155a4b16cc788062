namespace CivicTrust.DrillRunner.Verification;

/// <summary>How the in-flight documents ended.</summary>
/// <param name="Committed">Found COMMITTED on the new leader (it finished them).</param>
/// <param name="Aborted">Fenced by the drill (or found already aborted).</param>
/// <param name="Pending">Hashes still undecided at the deadline: each one fails the drill.</param>
/// <param name="ResolvedAtUnixMs">When the last one became terminal, or <see langword="null"/> if some never did.</param>
public sealed record InFlightResolution(int Committed, int Aborted, IReadOnlyList<string> Pending, long? ResolvedAtUnixMs);
