namespace CivicTrust.Contracts;

/// <summary>Answer of <c>GET /documents/{hash}</c> and <c>POST /documents/{hash}/abort</c>.</summary>
/// <param name="Hash">SHA-256 of the canonical content, lower-case hex.</param>
/// <param name="Status">One of <see cref="DocumentStatusNames"/>.</param>
/// <param name="Index">Raft log index of the entry that decided the state (0 while pending).</param>
/// <param name="Term">Raft term of that entry (0 while pending).</param>
/// <param name="Position">Place of the document within its log entry: the leader packs concurrent writes into one entry (group commit), so (index, position) names a document's place in the log; 0 for an entry of one.</param>
public sealed record DocumentRecordResponse(string Hash, string Status, long Index, long Term, int Position = 0);
