namespace CivicTrust.Documents;

/// <summary>A consistent snapshot of the registry's counters.</summary>
/// <param name="LastApplied">Highest log index applied.</param>
/// <param name="Documents">Hashes in the committed state.</param>
/// <param name="Aborted">Hashes in the aborted state.</param>
/// <param name="DuplicatesSkipped">Entries absorbed as retries (duplicate issues and duplicate aborts).</param>
/// <param name="IssuesRefused">Issue entries refused by an abort fence.</param>
public sealed record RegistryStatistics(long LastApplied, long Documents, long Aborted, long DuplicatesSkipped, long IssuesRefused);
