namespace CivicTrust.Drill.Faults;

/// <summary>What the schedule did to the cluster and how, in the report's words.</summary>
public sealed partial class FaultSchedule
{
    /// <summary>The fault, its target, and the injectors it used (the report's <c>crash_method</c>).</summary>
    public string Method()
    {
        var target = Fault.Targets != FaultTargets.None ? $" of {TargetName}" : string.Empty;
        var restart = Injectors.Restarter is { } restarter ? $"; restarts: {restarter.Description}" : string.Empty;
        return $"{Fault.Name}{target}: {Fault.Method(Injectors, Options)}{restart}";
    }

    private string TargetName => Options.Target switch
    {
        DrillTarget.Follower => "a follower",
        DrillTarget.Majority => "a majority (a follower, then the leader)",
        DrillTarget.All => "every member",
        _ => "the leader",
    };
}
