namespace CivicTrust.Contracts;

/// <summary>
/// The members of a 409 problem (<c>application/problem+json</c>) a client needs: the hash was decided the other way,
/// and <paramref name="Record"/> is the deciding record. A problem's own <c>status</c> member is the HTTP status,
/// which is why the record travels nested.
/// </summary>
/// <param name="Hash">The document's hash.</param>
/// <param name="Record">The record that decided it.</param>
/// <param name="Detail">The problem's human-readable detail.</param>
public sealed record DocumentConflictProblem(string? Hash, DocumentRecordResponse? Record, string? Detail);
