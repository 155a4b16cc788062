namespace CivicTrust.Contracts;

/// <summary>The state of a member's storage, as <c>GET /cluster/status</c> reports it.</summary>
/// <param name="State">One of <see cref="StorageStateNames"/>.</param>
/// <param name="Damage">The damage found: now (<c>damaged</c>), being repaired (<c>repairing</c>), or repaired in this
/// process's lifetime (<c>intact</c>, with <paramref name="RepairedAt"/>); <see langword="null"/> when there was none.</param>
/// <param name="RepairWatermark">The log index the member must hold again before it votes (repairing, repaired).</param>
/// <param name="Quarantine">Where the damaged log and snapshots were moved, inside the member's data directory.</param>
/// <param name="RepairedAt">When the repair completed.</param>
public sealed record StorageStatusResponse(
    string State,
    StorageDamageResponse? Damage = null,
    long? RepairWatermark = null,
    string? Quarantine = null,
    DateTimeOffset? RepairedAt = null);
