namespace CivicTrust.Drill.Faults;

/// <summary>Which members <c>--target</c> may name for a fault.</summary>
public enum FaultTargets
{
    /// <summary>The schedule chooses its own victims; <c>--target</c> does not apply.</summary>
    None,

    /// <summary><c>leader</c> or <c>follower</c>: one member.</summary>
    OneMember,

    /// <summary><c>leader</c>, <c>follower</c>, <c>majority</c> or <c>all</c>.</summary>
    Several,
}
