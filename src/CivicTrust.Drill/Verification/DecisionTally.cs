namespace CivicTrust.Drill.Verification;

/// <summary>How the documents a drill sent ended in the members' logs (<see cref="DecisionCheck"/>).</summary>
/// <param name="Sent">Documents the history holds a request for.</param>
/// <param name="Committed">Of them, decided by an issue entry.</param>
/// <param name="Aborted">Of them, decided by an abort entry.</param>
/// <param name="Undecided">The hashes no member's log decides.</param>
public sealed record DecisionTally(int Sent, int Committed, int Aborted, IReadOnlyList<string> Undecided);
