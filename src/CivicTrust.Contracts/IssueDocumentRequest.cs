using System.Text.Json;

namespace CivicTrust.Contracts;

/// <summary>Body of <c>POST /documents</c>.</summary>
/// <param name="Content">The document: any JSON value but null. Its hash is SHA-256 of its canonical JSON (sorted keys, no whitespace).</param>
/// <param name="Issuer">Who issues it: a non-blank string; with issuer keys on, the key's own issuer.</param>
public sealed record IssueDocumentRequest(JsonElement Content, string Issuer);
