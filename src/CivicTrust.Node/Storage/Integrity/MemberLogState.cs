namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// What a member tells a peer that found its own data directory empty (<c>GET /cluster-consensus/log-state</c>,
/// members only): how far its log and its terms have gone.
/// </summary>
/// <param name="Term">The member's current term.</param>
/// <param name="LastIndex">The last index its log holds (a snapshot's included).</param>
/// <param name="CommitIndex">The last index it knows to be committed.</param>
public sealed record MemberLogState(long Term, long LastIndex, long CommitIndex);
