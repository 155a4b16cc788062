namespace CivicTrust.Drill.Crash;

/// <summary>The node to crash, as its own <c>/cluster/status</c> described it.</summary>
/// <param name="NodeId">The node's id.</param>
/// <param name="Pid">The node's own process id (not a wrapper's).</param>
/// <param name="Endpoint">The node's base URL.</param>
public sealed record CrashTarget(string NodeId, int Pid, Uri Endpoint);
