using System.Diagnostics;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage.Integrity;
using CivicTrust.Node.Telemetry;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Api;

/// <summary>
/// <c>/documents</c>: issue, read and abort. A decided record never changes (the first terminal entry wins), so any
/// node may answer from its own state once it has one; everything else goes to the leader.
/// </summary>
public static class DocumentEndpoints
{
    /// <summary>Maps the document routes.</summary>
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder routes)
    {
        // Writes need an issuer key (unless the node allows anonymous writes) and are rate-limited per key; reads
        // need one only when the node is told so.
        var security = routes.ServiceProvider.GetRequiredService<SecurityOptions>();
        // A member whose storage is not intact answers none of them (StorageGateFilter).
        var documents = routes.MapGroup("/documents").AddEndpointFilter<StorageGateFilter>();
        documents.MapPost("", IssueAsync).RequireAuthorization(SecurityServices.IssuerKeyPolicy).RequireRateLimiting(WriteRateLimit.Policy);
        documents.MapPost("/{hash}/abort", AbortAsync).RequireAuthorization(SecurityServices.IssuerKeyPolicy).RequireRateLimiting(WriteRateLimit.Policy);
        var read = documents.MapGet("/{hash}", GetAsync);
        if (security.RequireKeyForReads)
        {
            read.RequireAuthorization(SecurityServices.IssuerKeyPolicy);
        }

        return routes;
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, DocumentRegistry registry, ClusterView view, DocumentReplicator replicator, LeaderForwarder forwarder)
    {
        var started = Stopwatch.GetTimestamp();
        var (request, problem) = await IssueRequestReader.ReadAsync(context.Request, context.RequestAborted);
        if (request is null)
        {
            return problem!;
        }

        if (IssuerGuard.Refuse(context, request.Issuer, "issue") is { } forbidden)
        {
            return forbidden;
        }

        // A child of the ASP.NET Core request span, so it joins the caller's trace (and, when a follower forwards,
        // the follower's span is the parent of the leader's request: one trace across both nodes).
        using var activity = NodeTelemetry.Source.StartActivity("document.issue");
        activity?.SetTag(NodeTelemetry.Attributes.Hash, request.Hash).SetTag(NodeTelemetry.Attributes.NodeId, view.NodeId);
        var forwarded = false;
        string outcome;
        IResult answer;
        if (registry.Find(request.Hash) is { } decided)
        {
            (answer, outcome) = decided.Status == DocumentStatus.Committed
                ? (DocumentResponses.Issued(decided, duplicate: true), "duplicate")
                : (DocumentResponses.IssueRefused(decided), "refused");
            Tag(activity, decided, duplicate: decided.Status == DocumentStatus.Committed);
        }
        else if (!view.IsLeader)
        {
            forwarded = true;
            answer = await forwarder.ForwardAsync(context, request.Body);
            outcome = "forwarded";
        }
        else
        {
            outcome = "unavailable";
            answer = await ReplicateAsync(replicator, DocumentCommand.Issue(request.Hash, request.Issuer), result =>
            {
                Tag(activity, result.Record!, duplicate: result.Outcome == ApplyOutcome.DuplicateIssue);
                (var issued, outcome) = result.Outcome switch
                {
                    ApplyOutcome.Issued => (DocumentResponses.Issued(result.Record!, duplicate: false), "created"),
                    ApplyOutcome.DuplicateIssue => (DocumentResponses.Issued(result.Record!, duplicate: true), "duplicate"),
                    ApplyOutcome.IssueRefused => (DocumentResponses.IssueRefused(result.Record!), "refused"),
                    _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome} for an issue."),
                };
                return issued;
            }, context.RequestAborted);
        }

        activity?.SetTag(NodeTelemetry.Attributes.ForwardedToLeader, forwarded);
        NodeTelemetry.IssueDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("forwarded", forwarded));
        return answer;
    }

    private static void Tag(Activity? activity, DocumentRecord record, bool duplicate) =>
        activity?.SetTag(NodeTelemetry.Attributes.Index, record.Index)
            .SetTag(NodeTelemetry.Attributes.Term, record.Term)
            .SetTag(NodeTelemetry.Attributes.Status, DocumentResponses.StatusName(record.Status))
            .SetTag(NodeTelemetry.Attributes.Duplicate, duplicate);

    private static async Task<IResult> GetAsync(
        HttpContext context, string hash, DocumentRegistry registry, ClusterView view, PendingDocuments pending, LeaderForwarder forwarder)
    {
        if (!DocumentHash.IsWellFormed(hash))
        {
            return Problems.BadRequest($"'{hash}' is not a document hash: expected {DocumentHash.HexLength} hex characters.");
        }

        hash = DocumentHash.Normalize(hash);
        if (registry.Find(hash) is { } decided)
        {
            return Results.Ok(decided.ToResponse());
        }

        if (!view.IsLeader)
        {
            // Only the leader knows what is pending, and this node's state may lag the commit index.
            return await forwarder.ForwardAsync(context, body: null);
        }

        try
        {
            // A new leader may hold committed entries of the previous term it has not applied yet.
            await view.Cluster.ApplyReadBarrierAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is QuorumUnreachableException or NotLeaderException)
        {
            return Problems.Unavailable($"{view.NodeId} cannot confirm its leadership: {e.Message}");
        }

        if (registry.Find(hash) is { } applied)
        {
            return Results.Ok(applied.ToResponse());
        }

        return pending.Contains(hash)
            ? Results.Ok(new DocumentRecordResponse(hash, DocumentStatusNames.Pending, 0, 0))
            : Problems.UnknownDocument(hash);
    }

    private static async Task<IResult> AbortAsync(
        HttpContext context, string hash, DocumentRegistry registry, ClusterView view, PendingDocuments pending, DocumentReplicator replicator,
        LeaderForwarder forwarder)
    {
        if (!DocumentHash.IsWellFormed(hash))
        {
            return Problems.BadRequest($"'{hash}' is not a document hash: expected {DocumentHash.HexLength} hex characters.");
        }

        hash = DocumentHash.Normalize(hash);
        using var activity = NodeTelemetry.Source.StartActivity("document.abort");
        activity?.SetTag(NodeTelemetry.Attributes.Hash, hash).SetTag(NodeTelemetry.Attributes.NodeId, view.NodeId)
            .SetTag(NodeTelemetry.Attributes.ForwardedToLeader, false);
        // A key may abort only its own issuer's documents; a hash nobody has issued yet may be fenced by any key.
        var decided = registry.Find(hash);
        var knownIssuer = decided?.Issuer ?? (view.IsLeader ? pending.IssuerOf(hash) : null);
        if (knownIssuer is not null && IssuerGuard.Refuse(context, knownIssuer, "abort") is { } forbidden)
        {
            return forbidden;
        }

        if (decided is not null)
        {
            Tag(activity, decided, duplicate: decided.Status == DocumentStatus.Aborted);
            return decided.Status == DocumentStatus.Aborted ? Results.Ok(decided.ToResponse()) : DocumentResponses.AbortRefused(decided);
        }

        if (!view.IsLeader)
        {
            activity?.SetTag(NodeTelemetry.Attributes.ForwardedToLeader, true);
            return await forwarder.ForwardAsync(context, body: null);
        }

        return await ReplicateAsync(replicator, DocumentCommand.Abort(hash), result =>
        {
            Tag(activity, result.Record!, duplicate: result.Outcome == ApplyOutcome.DuplicateAbort);
            return result.Outcome switch
            {
                ApplyOutcome.Aborted or ApplyOutcome.DuplicateAbort => Results.Ok(result.Record!.ToResponse()),
                ApplyOutcome.AbortRefused => DocumentResponses.AbortRefused(result.Record!),
                _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome} for an abort."),
            };
        }, context.RequestAborted);
    }

    private static async Task<IResult> ReplicateAsync(
        DocumentReplicator replicator, DocumentCommand command, Func<ApplyResult, IResult> answer, CancellationToken token)
    {
        try
        {
            return answer(await replicator.ReplicateAsync(command, token));
        }
        catch (NotLeaderException)
        {
            return Problems.Unavailable("Leadership moved before the entry committed; the outcome is unknown, retry the same request.");
        }
        catch (CommitTimeoutException e)
        {
            return Problems.Unavailable(e.Message);
        }
    }
}
