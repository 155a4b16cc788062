using CivicTrust.Contracts;
using CivicTrust.Documents;

namespace CivicTrust.Node.Api;

/// <summary>Maps state-machine records to the wire contract.</summary>
public static class DocumentResponses
{
    /// <summary>The wire name of a status.</summary>
    public static string StatusName(DocumentStatus status) => status switch
    {
        DocumentStatus.Committed => DocumentStatusNames.Committed,
        DocumentStatus.Aborted => DocumentStatusNames.Aborted,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>A decided record.</summary>
    public static DocumentRecordResponse ToResponse(this DocumentRecord record) =>
        new(record.Hash, StatusName(record.Status), record.Index, record.Term);

    /// <summary>201 for a new document, 200 for a retry of a committed one.</summary>
    public static IResult Issued(DocumentRecord record, bool duplicate)
    {
        var body = new IssueDocumentResponse(record.Hash, DocumentStatusNames.Committed, record.Index, record.Term, duplicate);
        return duplicate ? Results.Ok(body) : Results.Created($"/documents/{record.Hash}", body);
    }

    /// <summary>409 for an issue of a fenced hash.</summary>
    public static IResult IssueRefused(DocumentRecord aborted) =>
        Problems.Conflict($"Document {aborted.Hash} was aborted at index {aborted.Index}; an aborted hash can never be issued.", aborted.ToResponse());

    /// <summary>409 for an abort of a committed hash.</summary>
    public static IResult AbortRefused(DocumentRecord committed) =>
        Problems.Conflict($"Document {committed.Hash} was committed at index {committed.Index} before the abort; it stays issued.", committed.ToResponse());

    /// <summary>One state-changing log entry.</summary>
    public static LogEntryResponse ToResponse(this AppliedEntry entry) =>
        new(entry.Index, entry.Term, entry.Hash, entry.Kind == DocumentCommandKind.Issue ? LogEntryKindNames.Issue : LogEntryKindNames.Abort);
}
