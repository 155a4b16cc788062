using System.Text;

namespace CivicTrust.Node.Security;

/// <summary>
/// Guards the Raft endpoint: a message without the cluster secret never reaches DotNext, so a forged vote or append
/// (which names its sender only by a header anyone can write) cannot move the term or the leader. Members' own
/// messages carry the secret through <see cref="ClusterSecretHeader"/>.
/// </summary>
/// <remarks>
/// The answer to an outsider is a bare 401 problem: nothing about DotNext, the term or the members. A message with the
/// secret that DotNext cannot parse would otherwise get a 500 carrying DotNext's exception and stack trace; it is
/// answered with a 400 that says only that, and the details go to this node's log.
/// </remarks>
public sealed class ClusterSecretCheck(RequestDelegate next, SecurityOptions options, ILogger<ClusterSecretCheck> logger)
{
    /// <summary>Where DotNext's HTTP transport receives Raft messages (its default, which the node does not change).</summary>
    public static readonly PathString RaftPath = "/cluster-consensus/raft";

    /// <summary>Everything under it is between members only: the Raft messages and what members ask each other.</summary>
    public static readonly PathString MembersPath = "/cluster-consensus";

    private readonly ClusterSecret? _secret = options.ClusterSecret is { } value ? new ClusterSecret(value) : null;

    /// <summary>Checks requests to the members' paths; passes everything else through.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (!context.Request.Path.StartsWithSegments(MembersPath))
        {
            await next(context);
            return;
        }

        if (_secret is not null && !_secret.Matches(context.Request.Headers[ClusterSecret.HeaderName].FirstOrDefault()))
        {
            var reason = context.Request.Headers.ContainsKey(ClusterSecret.HeaderName) ? "wrong_cluster_secret" : "missing_cluster_secret";
            SecurityTelemetry.RecordRefusal(reason);
            logger.LogWarning("Refused a Raft message from {Remote}: {Reason}.", context.Connection.RemoteIpAddress, reason.Replace('_', ' '));
            await WriteAsync(context, problems, StatusCodes.Status401Unauthorized, "Not a member", "Raft messages are accepted from members of this cluster only.");
            return;
        }

        // DotNext answers a message it cannot process with its own exception handler: a 500 whose body is the
        // exception's full text. The answer is held here so such a body never leaves the node.
        var wire = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = wire;
        }

        // A bodyless refusal (the storage gate's 503) has nothing of DotNext's to hide and is no failure of it.
        if (context.Response.StatusCode < StatusCodes.Status500InternalServerError || held.Length == 0)
        {
            held.Position = 0;
            await held.CopyToAsync(wire, context.RequestAborted);
            return;
        }

        var text = Encoding.UTF8.GetString(held.GetBuffer(), 0, (int)Math.Min(held.Length, 4096));
        var malformed = text.StartsWith(ProtocolException, StringComparison.Ordinal);
        logger.LogWarning("A Raft message from {Remote} failed in DotNext ({Status}): {Error}", context.Connection.RemoteIpAddress, context.Response.StatusCode, text);
        context.Response.Headers.Clear();
        context.Response.ContentLength = null;
        await (malformed
            ? WriteAsync(context, problems, StatusCodes.Status400BadRequest, "Malformed Raft message", "The Raft message could not be parsed.")
            : WriteAsync(context, problems, StatusCodes.Status500InternalServerError, "Raft message failed", "The Raft message could not be processed; see this node's log."));
    }

    // The type DotNext throws for a message whose headers it cannot parse; its handler writes the type name first.
    private const string ProtocolException = "DotNext.Net.Cluster.Consensus.Raft.RaftProtocolException";

    private static ValueTask WriteAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
