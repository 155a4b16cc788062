namespace CivicTrust.Contracts;

/// <summary>Answer of <c>POST /documents</c>: 201 for a new document, 200 with <paramref name="Duplicate"/> for a retry.</summary>
/// <param name="Hash">SHA-256 of the canonical content, lower-case hex.</param>
/// <param name="Status">Always <see cref="DocumentStatusNames.Committed"/> on success.</param>
/// <param name="Index">Raft log index of the original issue entry.</param>
/// <param name="Term">Raft term of the original issue entry.</param>
/// <param name="Duplicate"><see langword="true"/> when the document had already been issued.</param>
/// <param name="Position">Place of the document within its log entry: the leader packs concurrent writes into one entry (group commit), so (index, position) names a document's place in the log; 0 for an entry of one.</param>
public sealed record IssueDocumentResponse(string Hash, string Status, long Index, long Term, bool Duplicate, int Position = 0);
