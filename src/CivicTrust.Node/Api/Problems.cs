using CivicTrust.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicTrust.Node.Api;

/// <summary>The node's error answers: all <c>application/problem+json</c>, with a detail a client can act on.</summary>
public static class Problems
{
    /// <summary>Seconds a client should wait before retrying when no leader can take the request.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>400: the request itself is wrong.</summary>
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    /// <summary>413: the body is over the limit.</summary>
    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    /// <summary>415: the body is not JSON.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    /// <summary>404: no entry ever decided this hash, and none is pending on the leader.</summary>
    public static ProblemHttpResult UnknownDocument(string hash) =>
        TypedResults.Problem($"No document with hash {hash} is known to the cluster.", statusCode: StatusCodes.Status404NotFound,
            title: "Unknown document", extensions: new Dictionary<string, object?> { ["hash"] = hash });

    /// <summary>
    /// 409: the hash was decided the other way. The deciding record travels as <c>record</c>: a problem's own
    /// <c>status</c> member is the HTTP status, so the record's fields cannot sit beside it.
    /// </summary>
    public static ProblemHttpResult Conflict(string detail, DocumentRecordResponse record) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Document state conflict",
            extensions: new Dictionary<string, object?> { ["hash"] = record.Hash, ["record"] = record });

    /// <summary>503 with <c>Retry-After</c>: no leader can take the request now; retrying the same request is safe.</summary>
    public static RetryAfterResult Unavailable(string detail) =>
        new RetryAfterResult(
            TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No leader available"),
            RetryAfterSeconds);

    /// <summary>
    /// 503 with <c>Retry-After</c>: this member found damage in its own storage, or is fetching its log again from the
    /// peers after such damage, and serves nothing it holds until it is whole; another member can answer.
    /// </summary>
    public static RetryAfterResult StorageUnavailable(string detail) =>
        new RetryAfterResult(
            TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Member storage not intact"),
            RetryAfterSeconds);
}
