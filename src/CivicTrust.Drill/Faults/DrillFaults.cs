using System.Diagnostics.CodeAnalysis;

namespace CivicTrust.Drill.Faults;

/// <summary>The catalogue: every fault the drill can inject, in the order of the usage text, and the disk areas.</summary>
public static class DrillFaults
{
    private static readonly Dictionary<string, DiskArea> AreasByName = new(StringComparer.Ordinal)
    {
        ["log"] = DiskArea.Log,
        ["snapshot"] = DiskArea.Snapshot,
        ["disk"] = DiskArea.Disk,
    };

    /// <summary><c>kill</c>: SIGKILL the target (the default).</summary>
    public static IDrillFault Kill { get; } = new KillFault();

    /// <summary><c>lagging-majority</c>: see <see cref="LaggingMajorityFault"/>.</summary>
    public static IDrillFault LaggingMajority { get; } = new LaggingMajorityFault();

    /// <summary><c>follower-then-leader</c>: see <see cref="FollowerThenLeaderFault"/>.</summary>
    public static IDrillFault FollowerThenLeader { get; } = new FollowerThenLeaderFault();

    /// <summary><c>kill-all</c>: see <see cref="KillAllFault"/>.</summary>
    public static IDrillFault KillAll { get; } = new KillAllFault();

    /// <summary><c>pause</c>: see <see cref="PauseFault"/>.</summary>
    public static IDrillFault Pause { get; } = new PauseFault();

    /// <summary><c>kill-new-leader</c>: see <see cref="KillNewLeaderFault"/>.</summary>
    public static IDrillFault KillNewLeader { get; } = new KillNewLeaderFault();

    /// <summary><c>partition</c>: see <see cref="PartitionFault"/>.</summary>
    public static IDrillFault Partition { get; } = new PartitionFault();

    /// <summary><c>disk-corruption</c>: see <see cref="DiskCorruptionFault"/>.</summary>
    public static IDrillFault DiskCorruption { get; } = new DiskCorruptionFault();

    /// <summary><c>power-loss</c>: see <see cref="PowerLossFault"/>.</summary>
    public static IDrillFault PowerLoss { get; } = new PowerLossFault();

    /// <summary><c>disk-loss</c>: see <see cref="DiskLossFault"/>.</summary>
    public static IDrillFault DiskLoss { get; } = new DiskLossFault();

    /// <summary><c>key-compromise</c>: see <see cref="KeyCompromiseFault"/>.</summary>
    public static IDrillFault KeyCompromise { get; } = new KeyCompromiseFault();

    /// <summary>Every fault, in the order of the usage text.</summary>
    public static IReadOnlyList<IDrillFault> All { get; } =
        [Kill, LaggingMajority, FollowerThenLeader, KillAll, Pause, KillNewLeader, Partition, DiskCorruption, PowerLoss, DiskLoss, KeyCompromise];

    /// <summary>Every name, in the order of the usage text.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The fault called <paramref name="name"/>, if there is one.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out IDrillFault? fault)
    {
        fault = All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        return fault is not null;
    }

    /// <summary>The fault called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No fault has that name.</exception>
    public static IDrillFault Named(string name) =>
        TryParse(name, out var fault) ? fault : throw new ArgumentException($"No fault is called '{name}'; the faults are {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The names of the faults that need <paramref name="need"/>, for messages ("partition", "disk-corruption and disk-loss").</summary>
    public static string NamesNeeding(FaultNeeds need) => NamesWhere(f => f.Needs.HasFlag(need));

    /// <summary>The names of the faults whose <c>--target</c> may be <paramref name="targets"/> or wider.</summary>
    public static string NamesTargeting(FaultTargets targets) => NamesWhere(f => f.Targets >= targets);

    /// <summary>The names of the faults that match <paramref name="predicate"/>, joined for a sentence.</summary>
    public static string NamesWhere(Func<IDrillFault, bool> predicate) => JoinNames(All.Where(predicate));

    /// <summary>The area called <paramref name="name"/> (<c>log</c>, <c>snapshot</c>, <c>disk</c>), if there is one.</summary>
    public static bool TryParseArea(string name, out DiskArea area) => AreasByName.TryGetValue(name, out area);

    /// <summary>The command-line name of <paramref name="area"/>.</summary>
    public static string Name(this DiskArea area) => AreasByName.First(pair => pair.Value == area).Key;

    private static string JoinNames(IEnumerable<IDrillFault> faults) => faults.Select(f => f.Name).ToList() switch
    {
        [] => "no fault",
        [var one] => one,
        var many => $"{string.Join(", ", many[..^1])} and {many[^1]}",
    };
}
