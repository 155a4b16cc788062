namespace CivicTrust.Node.Api;

/// <summary>
/// A follower's answer to a request only the leader can answer: the leader's own answer relayed as it came (status,
/// body, <c>Location</c>, <c>Retry-After</c>), or a 503 when there is no leader to ask. Its own type, so an endpoint's
/// typed answer says it may forward; what the leader answers is that same endpoint's answer, already described.
/// </summary>
public sealed class ForwardedAnswer : IResult
{
    private readonly IResult _answer;

    private ForwardedAnswer(IResult answer) => _answer = answer;

    /// <summary>The leader's answer: its status, its body and the body's content type.</summary>
    public static ForwardedAnswer Relayed(ReadOnlySpan<byte> body, string? contentType, int status) => new(TypedResults.Text(body, contentType, status));

    /// <summary>No leader could be asked: a 503 problem the client retries on.</summary>
    public static ForwardedAnswer Unavailable(string detail) => new(Problems.Unavailable(detail));

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);
}
