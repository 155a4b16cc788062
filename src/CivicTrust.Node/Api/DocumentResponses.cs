using CivicTrust.Contracts;
using CivicTrust.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

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
        new(record.Hash, StatusName(record.Status), record.Index, record.Term, record.Position);

    /// <summary>The answer to an issue that committed: 201 with its location, or 200 for a document issued before.</summary>
    public static Results<Created<IssueDocumentResponse>, Ok<IssueDocumentResponse>> Issued(DocumentRecord record, bool duplicate)
    {
        var body = new IssueDocumentResponse(record.Hash, DocumentStatusNames.Committed, record.Index, record.Term, duplicate, record.Position);
        return duplicate ? TypedResults.Ok(body) : TypedResults.Created($"/documents/{record.Hash}", body);
    }

    /// <summary>409 for an issue of a fenced hash.</summary>
    public static ProblemHttpResult IssueRefused(DocumentRecord aborted) =>
        Problems.Conflict($"Document {aborted.Hash} was aborted at index {aborted.Index}; an aborted hash can never be issued.", aborted.ToResponse());

    /// <summary>409 for an abort of a committed hash.</summary>
    public static ProblemHttpResult AbortRefused(DocumentRecord committed) =>
        Problems.Conflict($"Document {committed.Hash} was committed at index {committed.Index} before the abort; it stays issued.", committed.ToResponse());

    /// <summary>One state-changing log entry.</summary>
    public static LogEntryResponse ToResponse(this AppliedEntry entry) =>
        new(entry.Index, entry.Term, entry.Hash, KindName(entry.Kind), entry.Position);

    /// <summary>A page of the raw log.</summary>
    public static RawLogResponse ToResponse(this RawLogPage page) =>
        new(page.AvailableFrom, [.. page.Entries.Select(e => new RawLogEntryResponse(e.Index, e.Term, e.Hash, KindName(e.Kind), EffectName(e.Effect), e.Position))]);

    private static string KindName(DocumentCommandKind kind) => kind == DocumentCommandKind.Issue ? LogEntryKindNames.Issue : LogEntryKindNames.Abort;

    private static string EffectName(EntryEffect effect) => effect switch
    {
        EntryEffect.Issued => LogEntryEffectNames.Issued,
        EntryEffect.Aborted => LogEntryEffectNames.Aborted,
        EntryEffect.Absorbed => LogEntryEffectNames.Absorbed,
        EntryEffect.Refused => LogEntryEffectNames.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, null),
    };
}
