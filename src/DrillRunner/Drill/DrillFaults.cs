namespace CivicTrust.DrillRunner.Drill;

/// <summary>The command-line names of <see cref="DrillFault"/> and what each fault needs.</summary>
public static class DrillFaults
{
    private static readonly Dictionary<string, DrillFault> ByName = new(StringComparer.Ordinal)
    {
        ["kill"] = DrillFault.Kill,
        ["lagging-majority"] = DrillFault.LaggingMajority,
        ["follower-then-leader"] = DrillFault.FollowerThenLeader,
        ["kill-all"] = DrillFault.KillAll,
        ["pause"] = DrillFault.Pause,
        ["kill-new-leader"] = DrillFault.KillNewLeader,
        ["partition"] = DrillFault.Partition,
        ["disk-corruption"] = DrillFault.DiskCorruption,
        ["power-loss"] = DrillFault.PowerLoss,
        ["disk-loss"] = DrillFault.DiskLoss,
    };

    private static readonly Dictionary<string, DiskArea> AreasByName = new(StringComparer.Ordinal)
    {
        ["log"] = DiskArea.Log,
        ["snapshot"] = DiskArea.Snapshot,
        ["disk"] = DiskArea.Disk,
    };

    /// <summary>Every name, in the order of the usage text.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The fault called <paramref name="name"/>, if there is one.</summary>
    public static bool TryParse(string name, out DrillFault fault) => ByName.TryGetValue(name, out fault);

    /// <summary>The command-line name of <paramref name="fault"/>.</summary>
    public static string Name(this DrillFault fault) => ByName.First(pair => pair.Value == fault).Key;

    /// <summary>Whether the schedule itself restarts nodes (so the drill cannot run without a restarter).</summary>
    public static bool RestartsNodes(this DrillFault fault) => fault is not (DrillFault.Kill or DrillFault.Pause or DrillFault.Partition);

    /// <summary>Whether <c>--target</c> applies: the faults that hit one member, which may be the leader or a follower.</summary>
    public static bool HasTarget(this DrillFault fault) => fault is DrillFault.Kill or DrillFault.Pause or DrillFault.Partition or DrillFault.DiskCorruption or DrillFault.PowerLoss or DrillFault.DiskLoss;

    /// <summary>Whether <c>--target majority</c> and <c>--target all</c> apply (a fault that can hit several members at once).</summary>
    public static bool HitsSeveral(this DrillFault fault) => fault == DrillFault.PowerLoss;

    /// <summary>Whether the fault damages a member's disk, so it needs a damager and is judged on the member's repair.</summary>
    public static bool DamagesDisk(this DrillFault fault) => fault is DrillFault.DiskCorruption or DrillFault.DiskLoss;

    /// <summary>The area called <paramref name="name"/> (<c>log</c>, <c>snapshot</c>, <c>disk</c>), if there is one.</summary>
    public static bool TryParseArea(string name, out DiskArea area) => AreasByName.TryGetValue(name, out area);

    /// <summary>The command-line name of <paramref name="area"/>.</summary>
    public static string Name(this DiskArea area) => AreasByName.First(pair => pair.Value == area).Key;

    /// <summary>Whether the target lives through the fault and is given back after <see cref="DrillOptions.FaultDuration"/> (pause, partition).</summary>
    public static bool IsHeld(this DrillFault fault) => fault is DrillFault.Pause or DrillFault.Partition;

    /// <summary>Whether the leader the cluster ends with may be the one killed (every member was killed and restarted).</summary>
    public static bool KillsEveryMember(this DrillFault fault) => fault == DrillFault.KillAll;
}
