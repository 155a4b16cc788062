namespace CivicTrust.Documents;

/// <summary>A page of the raw log and where the raw log currently starts (entries below it were compacted into a snapshot).</summary>
/// <param name="AvailableFrom">The lowest index the raw log can still show.</param>
/// <param name="Entries">The page, in index order.</param>
public sealed record RawLogPage(long AvailableFrom, IReadOnlyList<RawEntry> Entries);
