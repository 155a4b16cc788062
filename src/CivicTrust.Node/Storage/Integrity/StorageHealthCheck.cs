using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>Unhealthy while the member's storage is damaged or being repaired: it serves nothing of what it holds then.</summary>
public sealed class StorageHealthCheck(StorageIntegrity integrity) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(integrity.State switch
        {
            StorageState.Intact => HealthCheckResult.Healthy("storage intact"),
            StorageState.Damaged => HealthCheckResult.Unhealthy($"storage damaged: {integrity.Damage}"),
            _ => HealthCheckResult.Unhealthy(
                $"repairing from the peers after {integrity.Repair?.Damage}: withholding votes ({RepairPlanText.Progress(integrity.Repair)})"),
        });
}
