namespace CivicTrust.Documents;

/// <summary>A log entry that changed state: the first issue or abort of a hash. Retries never appear here.</summary>
/// <param name="Index">Raft log index.</param>
/// <param name="Term">Raft term.</param>
/// <param name="Kind">Issue or abort.</param>
/// <param name="Hash">Lower-case hex SHA-256.</param>
/// <param name="Issuer">Issuer of an issue entry; <see langword="null"/> for an abort.</param>
/// <param name="Position">The command's place within its log entry (0 unless the entry is a batch).</param>
public sealed record AppliedEntry(long Index, long Term, DocumentCommandKind Kind, string Hash, string? Issuer, int Position = 0)
{
    /// <summary>The record this entry decided.</summary>
    public DocumentRecord ToRecord() =>
        new(Hash, Kind == DocumentCommandKind.Issue ? DocumentStatus.Committed : DocumentStatus.Aborted, Index, Term, Issuer, Position);
}
