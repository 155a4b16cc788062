namespace CivicTrust.Drill.Faults;

/// <summary>
/// The members a fault may be aimed at (<c>--target</c>, the dashboard's Target): their names, and which faults take
/// which. One rule for the command line and the AppHost's dialog.
/// </summary>
public static class DrillTargets
{
    /// <summary>Reads a target's name (<c>leader</c>, <c>follower</c>, <c>majority</c>, <c>all</c>).</summary>
    public static bool TryParse(string? name, out DrillTarget target)
    {
        (var known, target) = name switch
        {
            "leader" => (true, DrillTarget.Leader),
            "follower" => (true, DrillTarget.Follower),
            "majority" => (true, DrillTarget.Majority),
            "all" => (true, DrillTarget.All),
            _ => (false, DrillTarget.Leader),
        };
        return known;
    }

    /// <summary>Why <paramref name="fault"/> cannot be aimed at <paramref name="target"/>; <see langword="null"/> when it can.</summary>
    public static string? WhyNot(IDrillFault fault, DrillTarget target) => fault.Targets switch
    {
        FaultTargets.None when !fault.TakesMemberAway => $"{fault.Name} takes no member away",
        FaultTargets.None => $"the {fault.Name} schedule chooses its own victims",
        FaultTargets.OneMember when target is DrillTarget.Majority or DrillTarget.All => $"{fault.Name} hits the leader or a follower",
        _ => null,
    };
}
