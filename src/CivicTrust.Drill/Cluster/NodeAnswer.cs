using System.Net;

namespace CivicTrust.Drill.Cluster;

/// <summary>A node's answer about one document: the HTTP status and the record's fields when the body had them.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Hash">Document hash from the body, if any.</param>
/// <param name="DocumentStatus">COMMITTED, ABORTED or PENDING from the body (problem bodies carry it on 409), if any.</param>
/// <param name="Index">The log index of the entry that decided the document, from the same record, if any (0 while pending).</param>
public sealed record NodeAnswer(HttpStatusCode Status, string? Hash, string? DocumentStatus, long? Index = null)
{
    /// <summary>Whether the request succeeded (2xx).</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>Whether the node asked for a retry: no leader, leadership moved, or an unknown outcome.</summary>
    public bool IsRetryable => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;
}
