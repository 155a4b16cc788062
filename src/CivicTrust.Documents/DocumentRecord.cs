namespace CivicTrust.Documents;

/// <summary>The decided state of one hash: which log entry decided it and how.</summary>
/// <param name="Hash">Lower-case hex SHA-256.</param>
/// <param name="Status">Committed or aborted.</param>
/// <param name="Index">Log index of the deciding entry.</param>
/// <param name="Term">Term of the deciding entry.</param>
/// <param name="Issuer">Issuer named by the deciding issue entry; <see langword="null"/> for an abort.</param>
/// <param name="Position">The deciding command's place within its log entry (0 unless the entry is a batch).</param>
public sealed record DocumentRecord(string Hash, DocumentStatus Status, long Index, long Term, string? Issuer, int Position = 0);
