using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Security;
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

    /// <summary>
    /// 403: the write was checked before its key's revocation, but its entry reached the log after it, and every
    /// member refused it when applying it. Nothing was written; a valid key may send the same document again.
    /// </summary>
    public static ProblemHttpResult RevokedKeyWrite(HttpContext context, IssuerKeyEntry? key)
    {
        SecurityTelemetry.RecordRefusal("revoked_key_in_log");
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Problems))
            .LogWarning("Refused a write of key {KeyId}: the key was revoked at log index {RevokedIndex}, before the write's entry.",
                IssuerClaims.KeyIdOf(context.User), key?.RevokedIndex);
        return TypedResults.Problem(
            $"This issuer key was revoked at log index {key?.RevokedIndex} before this write reached the log; nothing was written. Send it again with a valid key.",
            statusCode: StatusCodes.Status403Forbidden, title: IssuerKeyAuthentication.RevokedTitle);
    }

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
