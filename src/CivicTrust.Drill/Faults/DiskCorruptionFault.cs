
namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>disk-corruption</c>: SIGKILL the target, damage its log or its snapshot at rest (<see cref="DrillOptions.Corrupt"/>),
/// restart it.
/// </summary>
public sealed class DiskCorruptionFault : DiskDamageFault
{
    /// <inheritdoc/>
    public override string Name => "disk-corruption";

    /// <inheritdoc/>
    public override string Help => "kill the target, damage its log or snapshot with --corrupt-command, restart it";

    /// <inheritdoc/>
    public override FaultNeeds Needs => base.Needs | FaultNeeds.DamagedArea;

    /// <inheritdoc/>
    public override DiskArea DamagedArea(DrillOptions options) => options.Corrupt;
}
