using CivicTrust.Node.Security;
using Microsoft.AspNetCore.Http.Features;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Lifts Kestrel's request body limit (30,000,000 bytes unless set) for Raft messages. A snapshot install carries the
/// whole registry in one request; with the limit, a member that needs a snapshot of more than about 550,000 documents
/// was refused on every retry and could never rejoin. Placed after <see cref="ClusterSecretCheck"/>, so only members
/// may send a body without a limit; the receiver streams it to a file, never holding it in memory
/// (<see cref="DocumentStateMachine"/>).
/// </summary>
public sealed class RaftBodyLimit(RequestDelegate next)
{
    /// <summary>Lifts the limit on the Raft path; passes everything else through untouched.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(ClusterSecretCheck.RaftPath)
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return next(context);
    }
}
