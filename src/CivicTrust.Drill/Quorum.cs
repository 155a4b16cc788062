namespace CivicTrust.Drill;

/// <summary>
/// The majority arithmetic every schedule is written in, so one schedule drills a cluster of three members or of five:
/// how many make a majority, and how many may be down while the rest still commit.
/// </summary>
/// <param name="Members">Members of the cluster, the dead ones included.</param>
public readonly record struct Quorum(int Members)
{
    /// <summary>The fewest members a drill can exercise: with two, losing either leaves no majority to fail over to.</summary>
    public const int SmallestDrillable = 3;

    /// <summary>Members that commit an entry or elect a leader.</summary>
    public int Majority => (Members / 2) + 1;

    /// <summary>Members that may be down while the others still commit.</summary>
    public int Tolerated => Members - Majority;

    /// <summary>Why a cluster of <paramref name="members"/> cannot be drilled, or <see langword="null"/> when it can.</summary>
    public static string? WhyNotDrillable(int members) => members < SmallestDrillable
        ? $"a cluster of {members} member(s) has no majority left once one dies, so there is no failover to drill: the drill needs at least {SmallestDrillable} members"
        : null;
}
