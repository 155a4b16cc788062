
namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>disk-loss</c>: SIGKILL the target, empty its whole data directory (a disk lost or replaced), restart it. It must
/// come back with every document, repaired from its peers, and vote in nothing it may have voted in before.
/// </summary>
public sealed class DiskLossFault : DiskDamageFault
{
    /// <inheritdoc/>
    public override string Name => "disk-loss";

    /// <inheritdoc/>
    public override string Help => "kill the target, empty its data directory with --corrupt-command ({area} is disk), restart it";

    /// <inheritdoc/>
    public override DiskArea DamagedArea(DrillOptions options) => DiskArea.Disk;
}
