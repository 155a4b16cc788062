namespace CivicTrust.Drill.Verification;

/// <summary>What <see cref="LinearizabilityCheck"/> found.</summary>
/// <param name="HashesChecked">Document hashes the history touched, each checked on its own.</param>
/// <param name="Violations">One line per hash whose operations no single decision explains: the hash and why.</param>
public sealed record LinearizabilityVerdict(int HashesChecked, IReadOnlyList<string> Violations);
