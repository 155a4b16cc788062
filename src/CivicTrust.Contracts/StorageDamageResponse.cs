namespace CivicTrust.Contracts;

/// <summary>Damage a member found in its own storage, as <c>GET /cluster/status</c> names it.</summary>
/// <param name="Area"><c>log</c> or <c>snapshot</c>.</param>
/// <param name="Location">Where: the log entry (<c>wal entry 1234</c>) or the snapshot file (<c>snapshots/1200-3</c>).</param>
/// <param name="Index">The log index the damaged data stands for.</param>
/// <param name="Detail">What the check found.</param>
/// <param name="DetectedAt">When the member found it.</param>
public sealed record StorageDamageResponse(string Area, string Location, long Index, string Detail, DateTimeOffset DetectedAt);
