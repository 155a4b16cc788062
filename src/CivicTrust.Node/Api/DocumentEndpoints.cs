using System.Diagnostics;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage.Integrity;
using CivicTrust.Node.Telemetry;
using DotNext.Net.Cluster.Consensus.Raft;
using IssueAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Results<
        Microsoft.AspNetCore.Http.HttpResults.Created<CivicTrust.Contracts.IssueDocumentResponse>,
        Microsoft.AspNetCore.Http.HttpResults.Ok<CivicTrust.Contracts.IssueDocumentResponse>>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    CivicTrust.Node.Api.RetryAfterResult,
    CivicTrust.Node.Api.ForwardedAnswer>;
using RecordAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<CivicTrust.Contracts.DocumentRecordResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    CivicTrust.Node.Api.RetryAfterResult,
    CivicTrust.Node.Api.ForwardedAnswer>;

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
        // The body is read by IssueRequestReader, not bound: it keeps the bytes to forward and names every fault in its
        // own words. Accepts<> would describe it, but it also makes routing refuse other content types with a bare 415
        // before the reader's problem; the transformer only describes it.
        documents.MapPost("", IssueAsync).RequireAuthorization(SecurityServices.IssuerKeyPolicy).RequireRateLimiting(WriteRateLimit.Policy)
            .AddOpenApiOperationTransformer(IssueRequestReader.DescribeAsync).WithName("IssueDocument")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        documents.MapPost("/{hash}/abort", AbortAsync).RequireAuthorization(SecurityServices.IssuerKeyPolicy).RequireRateLimiting(WriteRateLimit.Policy)
            .WithName("AbortDocument").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        var read = documents.MapGet("/{hash}", GetAsync)
            .WithName("GetDocument").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        if (security.RequireKeyForReads)
        {
            read.RequireAuthorization(SecurityServices.IssuerKeyPolicy);
        }

        return routes;
    }

    private static async Task<IssueAnswer> IssueAsync(
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
        IssueAnswer answer;
        if (registry.Find(request.Hash) is { } decided)
        {
            (answer, outcome) = decided.Status == DocumentStatus.Committed
                ? (DocumentResponses.Issued(decided, duplicate: true), "duplicate")
                : ((IssueAnswer)DocumentResponses.IssueRefused(decided), "refused");
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
            var command = DocumentCommand.Issue(request.Hash, request.Issuer, IssuerClaims.WriteIdOf(context.User));
            answer = await ReplicatedAnswer.AwaitAsync<IssueAnswer>(replicator, command, result =>
            {
                if (result.Outcome == ApplyOutcome.RevokedKeyRefused)
                {
                    outcome = "key_revoked";
                    return Problems.RevokedKeyWrite(context, result.Key);
                }

                Tag(activity, result.Record!, duplicate: result.Outcome == ApplyOutcome.DuplicateIssue);
                (var issued, outcome) = result.Outcome switch
                {
                    ApplyOutcome.Issued => (DocumentResponses.Issued(result.Record!, duplicate: false), "created"),
                    ApplyOutcome.DuplicateIssue => (DocumentResponses.Issued(result.Record!, duplicate: true), "duplicate"),
                    ApplyOutcome.IssueRefused => ((IssueAnswer)DocumentResponses.IssueRefused(result.Record!), "refused"),
                    _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome} for an issue."),
                };
                return issued;
            }, unavailable => unavailable, context.RequestAborted);
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

    private static async Task<RecordAnswer> GetAsync(
        HttpContext context, string hash, DocumentRegistry registry, ClusterView view, PendingDocuments pending, LeaderForwarder forwarder)
    {
        if (!DocumentHash.IsWellFormed(hash))
        {
            return Problems.BadRequest($"'{hash}' is not a document hash: expected {DocumentHash.HexLength} hex characters.");
        }

        hash = DocumentHash.Normalize(hash);
        if (registry.Find(hash) is { } decided)
        {
            return TypedResults.Ok(decided.ToResponse());
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
            return TypedResults.Ok(applied.ToResponse());
        }

        return pending.Contains(hash)
            ? TypedResults.Ok(new DocumentRecordResponse(hash, DocumentStatusNames.Pending, 0, 0))
            : Problems.UnknownDocument(hash);
    }

    private static async Task<RecordAnswer> AbortAsync(
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
            return decided.Status == DocumentStatus.Aborted ? TypedResults.Ok(decided.ToResponse()) : DocumentResponses.AbortRefused(decided);
        }

        if (!view.IsLeader)
        {
            activity?.SetTag(NodeTelemetry.Attributes.ForwardedToLeader, true);
            return await forwarder.ForwardAsync(context, body: null);
        }

        return await ReplicatedAnswer.AwaitAsync<RecordAnswer>(replicator, DocumentCommand.Abort(hash, IssuerClaims.WriteIdOf(context.User)), result =>
        {
            if (result.Outcome == ApplyOutcome.RevokedKeyRefused)
            {
                return Problems.RevokedKeyWrite(context, result.Key);
            }

            Tag(activity, result.Record!, duplicate: result.Outcome == ApplyOutcome.DuplicateAbort);
            return result.Outcome switch
            {
                ApplyOutcome.Aborted or ApplyOutcome.DuplicateAbort => TypedResults.Ok(result.Record!.ToResponse()),
                ApplyOutcome.AbortRefused => DocumentResponses.AbortRefused(result.Record!),
                _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome} for an abort."),
            };
        }, unavailable => unavailable, context.RequestAborted);
    }
}
