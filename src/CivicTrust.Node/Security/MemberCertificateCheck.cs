using CivicTrust.Node.Configuration;
using DotNext.Net.Cluster;
using Microsoft.AspNetCore.Connections;

namespace CivicTrust.Node.Security;

/// <summary>
/// With TLS, a message on the members' paths (Raft, and what members ask each other) is taken only from a connection
/// whose client certificate the cluster's CA issued to a member: one of the certificate's URIs is a member's URL. A
/// certificate from another CA, or an expired one, never gets this far (the TLS handshake refuses it); a connection
/// with no certificate, or with a CA certificate issued to no member, gets a bare 401 and DotNext never sees it; so does
/// a Raft message whose sender is another member than the certificate's.
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
        var named = certificate is null ? [] : ClusterCertificateAuthority.UrisOf(certificate).Where(uri => _members.Contains(Normalize(uri))).ToList();
        var reason = certificate is null ? "missing_member_certificate"
            : named.Count == 0 ? "not_a_member_certificate"
            : context.Request.Headers[SenderHeader].FirstOrDefault() is { } sender && !named.Any(uri => IdsOf(uri).Contains(sender)) ? "another_members_certificate"
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

    // DotNext names a Raft message's sender in this header, with the id it derives from the sender's URL: a member's
    // certificate may speak only as that member, so one member's key cannot forge another's votes.
    private const string SenderHeader = "X-Raft-Node-ID";

    // The URL as written in the member list, with or without its trailing slash: the id is derived from its text.
    private static string[] IdsOf(Uri member) =>
        [.. new[] { Normalize(member), Normalize(member) + "/" }.Select(url => ClusterMemberId.FromEndPoint(new UriEndPoint(new Uri(url))).ToString())];
}
