using CivicTrust.Contracts;

namespace CivicTrust.Node.Api;

/// <summary>The node's error answers: all <c>application/problem+json</c>, with a detail a client can act on.</summary>
public static class Problems
{
    /// <summary>Seconds a client should wait before retrying when no leader can take the request.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>400: the request itself is wrong.</summary>
    public static IResult BadRequest(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    /// <summary>413: the body is over the limit.</summary>
    public static IResult TooLarge(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    /// <summary>415: the body is not JSON.</summary>
    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    /// <summary>404: no entry ever decided this hash, and none is pending on the leader.</summary>
    public static IResult UnknownDocument(string hash) =>
        Results.Problem($"No document with hash {hash} is known to the cluster.", statusCode: StatusCodes.Status404NotFound,
            title: "Unknown document", extensions: new Dictionary<string, object?> { ["hash"] = hash });

    /// <summary>
    /// 409: the hash was decided the other way. The deciding record travels as <c>record</c>: a problem's own
    /// <c>status</c> member is the HTTP status, so the record's fields cannot sit beside it.
    /// </summary>
    public static IResult Conflict(string detail, DocumentRecordResponse record) =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Document state conflict",
            extensions: new Dictionary<string, object?> { ["hash"] = record.Hash, ["record"] = record });

    /// <summary>503 with <c>Retry-After</c>: no leader can take the request now; retrying the same request is safe.</summary>
    public static IResult Unavailable(string detail) =>
        new RetryAfterResult(
            Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No leader available"),
            RetryAfterSeconds);

    /// <summary>
    /// 503 with <c>Retry-After</c>: this member found damage in its own storage, or is fetching its log again from the
    /// peers after such damage, and serves nothing it holds until it is whole; another member can answer.
    /// </summary>
    public static IResult StorageUnavailable(string detail) =>
        new RetryAfterResult(
            Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Member storage not intact"),
            RetryAfterSeconds);
}
