namespace CivicTrust.Node.Api;

/// <summary>A validated <c>POST /documents</c> body.</summary>
/// <param name="Hash">SHA-256 of the canonical content.</param>
/// <param name="Issuer">The issuer.</param>
/// <param name="Body">The raw body, forwarded unchanged when this node is not the leader.</param>
public sealed record IssueRequest(string Hash, string Issuer, ReadOnlyMemory<byte> Body);
