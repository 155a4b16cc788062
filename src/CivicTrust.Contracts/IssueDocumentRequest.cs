using System.Text.Json;

namespace CivicTrust.Contracts;

/// <summary>Body of <c>POST /documents</c>.</summary>
/// <param name="Content">Any JSON value; its canonical form is what gets hashed.</param>
/// <param name="Issuer">Who issues the document.</param>
public sealed record IssueDocumentRequest(JsonElement Content, string Issuer);
