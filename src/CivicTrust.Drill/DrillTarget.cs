namespace CivicTrust.Drill;

/// <summary>Which member a single-member fault hits (<c>--target</c>).</summary>
public enum DrillTarget
{
    /// <summary><c>leader</c>: the cluster must elect another.</summary>
    Leader,

    /// <summary><c>follower</c>: the leader must keep serving with the remaining majority.</summary>
    Follower,

    /// <summary><c>majority</c> (power-loss only): enough followers to make a majority with the leader, then the leader; no majority is left until they are back.</summary>
    Majority,

    /// <summary><c>all</c> (power-loss only): every member, followers first.</summary>
    All,
}
