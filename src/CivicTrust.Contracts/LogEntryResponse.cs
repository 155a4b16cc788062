namespace CivicTrust.Contracts;

/// <summary>One state-changing entry of a node's applied commit log (<c>GET /log</c>).</summary>
/// <param name="Index">Raft log index.</param>
/// <param name="Term">Raft term the entry was appended in.</param>
/// <param name="Hash">Document hash, lower-case hex.</param>
/// <param name="Kind"><c>issue</c> or <c>abort</c>.</param>
/// <param name="Position">Place of the document within its log entry: the leader packs concurrent writes into one entry (group commit), so (index, position) names a document's place in the log; 0 for an entry of one.</param>
public sealed record LogEntryResponse(long Index, long Term, string Hash, string Kind, int Position = 0);
