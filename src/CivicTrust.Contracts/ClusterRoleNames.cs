namespace CivicTrust.Contracts;

/// <summary>The node roles as they appear in <see cref="ClusterStatusResponse.Role"/>.</summary>
public static class ClusterRoleNames
{
    /// <summary>This node holds the leadership lease for the current term.</summary>
    public const string Leader = "leader";

    /// <summary>This node follows a known leader.</summary>
    public const string Follower = "follower";

    /// <summary>No leader is known: an election is under way.</summary>
    public const string Candidate = "candidate";
}
