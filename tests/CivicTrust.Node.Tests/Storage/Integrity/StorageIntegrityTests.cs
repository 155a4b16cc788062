using CivicTrust.Node.Storage.Integrity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class StorageIntegrityTests
{
    private readonly StorageIntegrity _integrity = new(NullLogger<StorageIntegrity>.Instance, TimeProvider.System);

    private Task<HealthCheckResult> HealthAsync() => new StorageHealthCheck(_integrity).CheckHealthAsync(new HealthCheckContext());

    private static RepairPlan Plan() =>
        new(new StorageDamage(StorageDamage.LogArea, "wal entry 7", 7, "checksum mismatch", DateTimeOffset.UnixEpoch), 40, "quarantine/x", Moved: true);

    [Fact]
    public async Task The_first_damage_found_is_the_one_kept_and_the_member_is_unhealthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync()).Status);

        var first = _integrity.Report(StorageDamage.LogArea, "wal entry 3", 3, "checksum mismatch.");
        var second = _integrity.Report(StorageDamage.SnapshotArea, "snapshots/10-1", 10, "other");

        Assert.Same(first, second);
        Assert.Equal("checksum mismatch", first.Detail);
        Assert.True(_integrity.Damaged.IsCompletedSuccessfully);
        Assert.Equal(StorageState.Damaged, _integrity.State);
        var health = await HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("wal entry 3", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repairing_member_is_unhealthy_until_the_repair_ends_and_then_remembers_it()
    {
        _integrity.BeginRepair(Plan());
        Assert.Equal(StorageState.Repairing, _integrity.State);
        Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync()).Status);

        _integrity.EndRepair();

        Assert.Equal(StorageState.Intact, _integrity.State);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync()).Status);
        Assert.Equal(40, _integrity.LastRepair?.Plan.Watermark);
    }
}
