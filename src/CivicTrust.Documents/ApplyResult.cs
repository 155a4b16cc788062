namespace CivicTrust.Documents;

/// <summary>The outcome of applying a command and the hash's record afterwards.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Record">The decided record of the hash, or <see langword="null"/> if a replayed entry left it undecided.</param>
/// <param name="Key">For a key command, the key's entry afterwards.</param>
public sealed record ApplyResult(ApplyOutcome Outcome, DocumentRecord? Record, IssuerKeyEntry? Key = null);
