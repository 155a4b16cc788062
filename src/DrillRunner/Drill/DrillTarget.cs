namespace CivicTrust.DrillRunner.Drill;

/// <summary>Which member a single-member fault hits (<c>--target</c>).</summary>
public enum DrillTarget
{
    /// <summary><c>leader</c>: the cluster must elect another.</summary>
    Leader,

    /// <summary><c>follower</c>: the leader must keep serving with the remaining majority.</summary>
    Follower,
}
