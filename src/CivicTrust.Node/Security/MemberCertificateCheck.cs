using CivicTrust.Node.Configuration;

namespace CivicTrust.Node.Security;

/// <summary>
/// With TLS, a message on the members' paths (Raft, and what members ask each other) is taken only from a connection
/// whose client certificate the cluster's CA issued to a member: one of the certificate's URIs is a member's URL. A
/// certificate from another CA, or an expired one, never gets this far (the TLS handshake refuses it); a connection
/// with no certificate, or with a CA certificate issued to no member, gets a bare 401 and DotNext never sees it.
/// </summary>
/// <remarks>
/// Kestrel asks every client for a certificate but lets one without it connect: clients of the document API (the
/// drill, a browser, curl) have none, and share the port with the members. Runs before <see cref="ClusterSecretCheck"/>,
/// which stays as a second factor.
/// </remarks>
public sealed class MemberCertificateCheck(RequestDelegate next, ClusterOptions cluster, ILogger<MemberCertificateCheck> logger)
{
    private readonly HashSet<string> _members = cluster.Members.Select(Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks requests to the members' paths; passes everything else through.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (!context.Request.Path.StartsWithSegments(ClusterSecretCheck.MembersPath))
        {
            await next(context);
            return;
        }

        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        var reason = certificate is null ? "missing_member_certificate"
            : !ClusterCertificateAuthority.UrisOf(certificate).Any(uri => _members.Contains(Normalize(uri))) ? "not_a_member_certificate"
            : null;
        if (reason is null)
        {
            await next(context);
            return;
        }

        SecurityTelemetry.RecordRefusal(reason);
        logger.LogWarning("Refused a member's message from {Remote}: {Reason} (subject {Subject}).",
            context.Connection.RemoteIpAddress, reason.Replace('_', ' '), certificate?.Subject ?? "none");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Not a member",
                Detail = "Messages between members need a member's certificate from this cluster's CA.",
            },
        });
    }

    private static string Normalize(Uri member) => member.GetLeftPart(UriPartial.Authority);
}
