using CivicTrust.Contracts;
using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Api;

/// <summary>The storage part of <c>/cluster/status</c>.</summary>
public static class StorageStatusResponses
{
    /// <summary>What <paramref name="integrity"/> knows, as the contract says it.</summary>
    public static StorageStatusResponse ToResponse(this StorageIntegrity integrity)
    {
        if (integrity.Damage is { } damage)
        {
            return new StorageStatusResponse(StorageStateNames.Damaged, damage.ToResponse());
        }

        if (integrity.Repair is { } plan)
        {
            // A lost disk has no watermark until every peer answered, and nothing in quarantine.
            return new StorageStatusResponse(
                StorageStateNames.Repairing, plan.Damage.ToResponse(), plan.AwaitsPeers ? null : plan.Watermark, NullIfEmpty(plan.Quarantine));
        }

        return integrity.LastRepair is { } repaired
            ? new StorageStatusResponse(StorageStateNames.Intact, repaired.Plan.Damage.ToResponse(), repaired.Plan.Watermark, NullIfEmpty(repaired.Plan.Quarantine), repaired.CompletedAt)
            : new StorageStatusResponse(StorageStateNames.Intact);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static StorageDamageResponse ToResponse(this StorageDamage damage) =>
        new(damage.Area, damage.Location, damage.Index, damage.Detail, damage.DetectedAt);
}
