using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage.Integrity;
using CivicTrust.Node.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicTrust.Node.Api;

/// <summary><c>/cluster/status</c>, <c>/log</c> and the members' <c>/cluster-consensus/log-state</c>: this node's own view, answered locally even with no leader.</summary>
public static class ClusterEndpoints
{
    /// <summary>Default page size of <c>/log</c>.</summary>
    public const int DefaultLogLimit = 1_000;

    /// <summary>Largest page size of <c>/log</c>.</summary>
    public const int MaxLogLimit = 10_000;

    /// <summary>Maps the cluster routes.</summary>
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        var status = routes.MapGet("/cluster/status", GetStatus).WithName("GetClusterStatus");
        // The storage gate's 503 comes from the filter, not the handler: named here so the OpenAPI document lists it.
        var log = routes.MapGet("/log", GetLog).AddEndpointFilter<StorageGateFilter>().WithName("GetLog")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Between members only (the cluster secret guards the path): what a member that lost its disk asks its peers.
        routes.MapGet(LostDiskProbe.LogStatePath, (ClusterView view) => new MemberLogState(view.Term, view.LastIndex, view.CommitIndex))
            .ExcludeFromDescription();
        if (routes.ServiceProvider.GetRequiredService<SecurityOptions>().RequireKeyForReads)
        {
            status.RequireAuthorization(SecurityServices.IssuerKeyPolicy);
            log.RequireAuthorization(SecurityServices.IssuerKeyPolicy);
        }

        return routes;
    }

    private static ClusterStatusResponse GetStatus(
        ClusterView view, DocumentRegistry registry, SecurityOptions security, RoleChangeTracer roleChanges, StorageIntegrity integrity, ClusterOptions cluster)
    {
        var statistics = registry.Statistics;
        return new ClusterStatusResponse(
            view.NodeId,
            view.Role,
            view.Term,
            view.LeaderUrl?.ToString().TrimEnd('/'),
            Environment.ProcessId,
            view.CommitIndex,
            Math.Max(view.LastApplied ?? 0, statistics.LastApplied),
            statistics.Documents,
            statistics.DuplicatesSkipped,
            new SecurityStatusResponse(security.AllowAnonymous, security.RequireKeyForReads, RaftAuthenticated: security.ClusterSecret is not null),
            roleChanges.LastSpan,
            integrity.ToResponse(),
            cluster.Members.Count);
    }

    private static Results<Ok<RawLogResponse>, Ok<IEnumerable<LogEntryResponse>>, ProblemHttpResult> GetLog(string? from, string? limit, string? raw, DocumentRegistry registry)
    {
        if (raw is not (null or "true" or "false"))
        {
            return Problems.BadRequest($"'raw' must be true or false, not '{raw}'.");
        }

        var fromIndex = 0L;
        if (from is not null && (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out fromIndex)))
        {
            return Problems.BadRequest($"'from' must be a non-negative integer log index, not '{from}'.");
        }

        var count = DefaultLogLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLogLimit))
        {
            return Problems.BadRequest($"'limit' must be an integer from 1 to {MaxLogLimit}, not '{limit}'.");
        }

        // raw=true: every committed entry still in the log (absorbed retries and refusals too), with its effect, and
        // where the raw view starts; the plain view lists only the entries that changed state.
        return raw == "true"
            ? TypedResults.Ok(registry.ReadRawLog(fromIndex, count).ToResponse())
            : TypedResults.Ok(registry.ReadLog(fromIndex, count).Select(entry => entry.ToResponse()));
    }
}
