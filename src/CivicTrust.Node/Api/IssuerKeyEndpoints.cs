using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage.Integrity;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.AspNetCore.Http.HttpResults;
using AddAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<CivicTrust.Contracts.IssuerKeyResponse>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<CivicTrust.Contracts.IssuerKeyResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    CivicTrust.Node.Api.RetryAfterResult,
    CivicTrust.Node.Api.ForwardedAnswer>;
using RevokeAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<CivicTrust.Contracts.IssuerKeyResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    CivicTrust.Node.Api.RetryAfterResult,
    CivicTrust.Node.Api.ForwardedAnswer>;

namespace CivicTrust.Node.Api;

/// <summary>
/// <c>/admin/issuer-keys</c>: admit and revoke issuer keys at run time, through the log, so that every member applies
/// the change at the same index and no restart is needed. Guarded by the admin key (<see cref="AdminKeyFilter"/>).
/// </summary>
public static class IssuerKeyEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapIssuerKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/admin/issuer-keys").AddEndpointFilter<AdminKeyFilter>().AddEndpointFilter<StorageGateFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapGet("", List).WithName("ListIssuerKeys");
        keys.MapPost("", AddAsync).WithName("AddIssuerKey").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        keys.MapPost("/{keySha256}/revoke", RevokeAsync).WithName("RevokeIssuerKey")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    // This member's own view, never forwarded: a caller can ask each member whether it has applied a change.
    private static Ok<IssuerKeyListResponse> List(SecurityOptions security, DocumentRegistry registry, ClusterView view)
    {
        var applied = registry.Statistics.LastApplied; // read before the book: the book is at least as new
        var book = registry.Keys;
        var configured = security.IssuerKeys.Select(k => Convert.ToHexStringLower(k.KeySha256)).ToHashSet(StringComparer.Ordinal);
        var keys = security.IssuerKeys
            .DistinctBy(k => Convert.ToHexStringLower(k.KeySha256))
            .Select(k => IssuerKeyResponses.Of(Convert.ToHexStringLower(k.KeySha256), k.Issuer, configured: true, book))
            .Concat(book.Entries.Where(e => !configured.Contains(e.KeySha256)).Select(e => IssuerKeyResponses.Of(e, configured: false)))
            .ToList();
        return TypedResults.Ok(new IssuerKeyListResponse(view.NodeId, applied, keys));
    }

    private static async Task<AddAnswer> AddAsync(
        AddIssuerKeyRequest request, HttpContext context, SecurityOptions security, IssuerKeyRing ring, DocumentRegistry registry, ClusterView view,
        DocumentReplicator replicator, LeaderForwarder forwarder)
    {
        if (string.IsNullOrWhiteSpace(request.Issuer) || request.Issuer.Length > DocumentCommand.MaxIssuerLength)
        {
            return Problems.BadRequest($"'issuer' must name the issuer the key writes for (at most {DocumentCommand.MaxIssuerLength} characters).");
        }

        if (!DocumentHash.IsWellFormed(request.KeySha256))
        {
            return Problems.BadRequest($"'keySha256' must be the {IssuerKeyHash.HexLength}-character hex SHA-256 of the key, never the key itself.");
        }

        var hash = DocumentHash.Normalize(request.KeySha256);
        if (security.AdminKeySha256 is { } admin && Convert.ToHexStringLower(admin) == hash)
        {
            return Problems.BadRequest("That is the admin key; an issuer key must be a key of its own.");
        }

        if (!view.IsLeader)
        {
            return await forwarder.ForwardAsync(context, JsonSerializer.SerializeToUtf8Bytes(request with { KeySha256 = hash }, JsonSerializerOptions.Web));
        }

        var configured = ring.Configured(hash);
        if (await ReadBookAsync(view, registry, context.RequestAborted) is not { } book)
        {
            return Problems.Unavailable($"{view.NodeId} cannot confirm its leadership; retry.");
        }

        var entry = book.Find(hash);
        var holder = entry?.Issuer ?? configured?.Issuer;
        if (entry is { IsRevoked: true } || (holder is not null && holder != request.Issuer))
        {
            return KeyConflict(hash, entry is { IsRevoked: true } ? $"was revoked at log index {entry.RevokedIndex}, and a revoked key never writes again" : $"writes for issuer '{holder}'");
        }

        if (holder is not null)
        {
            return TypedResults.Ok(IssuerKeyResponses.Of(hash, holder, configured is not null, book)); // already active
        }

        return await ReplicatedAnswer.AwaitAsync<AddAnswer>(replicator, DocumentCommand.AddKey(hash, request.Issuer), result => result.Outcome switch
        {
            ApplyOutcome.KeyAdded => TypedResults.Created((string?)null, IssuerKeyResponses.Of(result.Key!, configured: false)),
            ApplyOutcome.KeyUnchanged => TypedResults.Ok(IssuerKeyResponses.Of(result.Key!, configured: false)),
            _ => KeyConflict(hash, $"was refused by the log: {IssuerKeyResponses.Describe(result.Key)}"),
        }, unavailable => unavailable, context.RequestAborted);
    }

    private static async Task<RevokeAnswer> RevokeAsync(
        string keySha256, HttpContext context, IssuerKeyRing ring, DocumentRegistry registry, ClusterView view, DocumentReplicator replicator, LeaderForwarder forwarder)
    {
        if (!DocumentHash.IsWellFormed(keySha256))
        {
            return Problems.BadRequest($"'{keySha256}' is not a key hash: expected the {IssuerKeyHash.HexLength}-character hex SHA-256 of the key.");
        }

        var hash = DocumentHash.Normalize(keySha256);
        if (!view.IsLeader)
        {
            return await forwarder.ForwardAsync(context, body: null);
        }

        var configured = ring.Configured(hash);
        if (await ReadBookAsync(view, registry, context.RequestAborted) is not { } book)
        {
            return Problems.Unavailable($"{view.NodeId} cannot confirm its leadership; retry.");
        }

        var entry = book.Find(hash);
        if (entry is { IsRevoked: true })
        {
            return TypedResults.Ok(IssuerKeyResponses.Of(entry, configured is not null)); // a retry: the first revocation stands
        }

        if ((entry?.Issuer ?? configured?.Issuer) is not { } issuer)
        {
            return TypedResults.Problem($"No issuer key with hash {hash} is configured on {view.NodeId} or was admitted through the log.",
                statusCode: StatusCodes.Status404NotFound, title: "Unknown issuer key");
        }

        return await ReplicatedAnswer.AwaitAsync<RevokeAnswer>(replicator, DocumentCommand.RevokeKey(hash, issuer), result => result.Outcome switch
        {
            ApplyOutcome.KeyRevoked or ApplyOutcome.KeyUnchanged => TypedResults.Ok(IssuerKeyResponses.Of(result.Key!, configured is not null)),
            _ => KeyConflict(hash, $"was refused by the log: {IssuerKeyResponses.Describe(result.Key)}"),
        }, unavailable => unavailable, context.RequestAborted);
    }

    // A new leader may not have applied every committed key entry of earlier terms yet: the barrier makes its book current.
    private static async Task<IssuerKeyBook?> ReadBookAsync(ClusterView view, DocumentRegistry registry, CancellationToken token)
    {
        try
        {
            await view.Cluster.ApplyReadBarrierAsync(token);
            return registry.Keys;
        }
        catch (Exception e) when (e is QuorumUnreachableException or NotLeaderException)
        {
            return null;
        }
    }

    private static ProblemHttpResult KeyConflict(string hash, string why) =>
        TypedResults.Problem($"The issuer key {hash} {why}. Nothing was changed.", statusCode: StatusCodes.Status409Conflict, title: "Issuer key conflict");
}
