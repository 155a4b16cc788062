namespace CivicTrust.Contracts;

/// <summary>One committed entry of a node's raw log (<c>GET /log?raw=true</c>), retries and refusals included.</summary>
/// <param name="Index">Raft log index.</param>
/// <param name="Term">Raft term the entry was appended in.</param>
/// <param name="Hash">Document hash, lower-case hex.</param>
/// <param name="Kind"><c>issue</c> or <c>abort</c> (<see cref="LogEntryKindNames"/>).</param>
/// <param name="Effect">What applying it did (<see cref="LogEntryEffectNames"/>).</param>
/// <param name="Position">Place of the document within its log entry: the leader packs concurrent writes into one entry (group commit), so (index, position) names a document's place in the log; 0 for an entry of one.</param>
public sealed record RawLogEntryResponse(long Index, long Term, string Hash, string Kind, string Effect, int Position = 0);
