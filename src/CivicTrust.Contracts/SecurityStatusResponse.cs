namespace CivicTrust.Contracts;

/// <summary>How a node guards its endpoints, as <c>GET /cluster/status</c> reports it.</summary>
/// <param name="AnonymousWrites">Whether issuing and aborting are allowed without an issuer key
/// (<c>Security:AllowAnonymous</c>, for local experiments only).</param>
/// <param name="ReadsRequireKey">Whether reads need an issuer key too (<c>Security:RequireKeyForReads</c>).</param>
/// <param name="RaftAuthenticated">Whether Raft messages must carry the cluster secret; <see langword="false"/>
/// means anyone who can reach the node can speak as a member.</param>
public sealed record SecurityStatusResponse(bool AnonymousWrites, bool ReadsRequireKey, bool RaftAuthenticated);
