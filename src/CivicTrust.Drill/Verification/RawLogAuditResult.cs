namespace CivicTrust.Drill.Verification;

/// <summary>What the raw-log audit found.</summary>
/// <param name="DuplicateIssues">Extra <c>issued</c> entries for hashes already issued, summed over the nodes.</param>
/// <param name="EffectMismatches">Entries whose reported effect the recomputation contradicts.</param>
/// <param name="Findings">The first few of each, for the report.</param>
/// <param name="Summaries">Per node: entries scanned, where the raw log starts, retries absorbed.</param>
public sealed record RawLogAuditResult(int DuplicateIssues, int EffectMismatches, IReadOnlyList<string> Findings, IReadOnlyList<string> Summaries);
