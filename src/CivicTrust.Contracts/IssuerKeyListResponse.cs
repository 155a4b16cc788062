namespace CivicTrust.Contracts;

/// <summary>Answer of <c>GET /admin/issuer-keys</c>: every key the answering member knows, from its own applied state.</summary>
/// <param name="Node">The member that answered (each answers for itself; nothing is forwarded).</param>
/// <param name="AppliedIndex">The last log index that member has applied: its view holds every key entry up to it.</param>
/// <param name="Keys">Configured keys first, in configuration order, then keys admitted through the log, by index.</param>
public sealed record IssuerKeyListResponse(string Node, long AppliedIndex, IReadOnlyList<IssuerKeyResponse> Keys);
