namespace CivicTrust.Contracts;

/// <summary>A page of a node's raw log (<c>GET /log?raw=true</c>).</summary>
/// <param name="AvailableFrom">The lowest index the raw log still holds: entries below it were compacted into a snapshot.</param>
/// <param name="Entries">The page, in index order.</param>
public sealed record RawLogResponse(long AvailableFrom, IReadOnlyList<RawLogEntryResponse> Entries);
