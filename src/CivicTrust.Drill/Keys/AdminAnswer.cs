using System.Net;

namespace CivicTrust.Drill.Keys;

/// <summary>A member's answer to a request of <c>/admin/issuer-keys</c>.</summary>
/// <typeparam name="T">The body a success carries.</typeparam>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">The answer's body on a success; <see langword="null"/> otherwise.</param>
/// <param name="Problem">A refusal's problem title and detail, when it had them.</param>
/// <param name="RetryAfter">How long a 503 asked the client to wait before the same request again, if it said.</param>
public sealed record AdminAnswer<T>(HttpStatusCode Status, T? Body, string? Problem = null, TimeSpan? RetryAfter = null)
    where T : class
{
    /// <summary>Whether the request succeeded (2xx) and the body is there.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300 && Body is not null;

    /// <summary>Whether the member asked for the same request again: no leader, or an outcome it does not know yet.</summary>
    public bool IsRetryable => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;

    /// <summary>The answer in words, for errors and notes: the status, what it means to the admin endpoint, and the problem.</summary>
    public string Describe() => (int)Status + (Status switch
    {
        HttpStatusCode.Unauthorized => " (the admin key is missing or wrong)",
        HttpStatusCode.Forbidden => " (the member has no admin key configured: Security:AdminKeySha256)",
        HttpStatusCode.NotFound => " (unknown key, or a node without /admin/issuer-keys)",
        HttpStatusCode.Conflict => " (the key is revoked or bound to another issuer)",
        _ => string.Empty,
    }) + (Problem is { Length: > 0 } problem ? $": {problem}" : string.Empty);
}
