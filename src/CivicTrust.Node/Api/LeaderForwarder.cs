using System.Net.Http.Headers;
using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Api;

/// <summary>
/// Relays a request that only the leader can answer, so a client may talk to any node. One hop at most: a request
/// that arrives already forwarded is never forwarded again (two nodes with stale leader views would loop).
/// </summary>
public sealed class LeaderForwarder(IHttpClientFactory clients, ClusterView view, ILogger<LeaderForwarder> logger)
{
    /// <summary>Name of the HTTP client, configured without the resilience handlers (retries belong to the caller).</summary>
    public const string ClientName = "leader-forwarding";

    /// <summary>Header that marks a forwarded request with the forwarding node's id.</summary>
    public const string ForwardedHeader = "X-CivicTrust-Forwarded-By";

    /// <summary>Relays the current request to the leader and returns its answer, or a 503 when there is no leader to ask.</summary>
    public async Task<ForwardedAnswer> ForwardAsync(HttpContext context, ReadOnlyMemory<byte>? body)
    {
        if (context.Request.Headers.ContainsKey(ForwardedHeader))
        {
            return ForwardedAnswer.Unavailable($"{view.NodeId} is not the leader (leadership moved while the request was forwarded); retry.");
        }

        if (view.LeaderUrl is not { } leader || view.IsLeader)
        {
            return ForwardedAnswer.Unavailable($"No leader is known to {view.NodeId} in term {view.Term}; an election is under way, retry.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(leader, context.Request.Path + context.Request.QueryString));
        request.Headers.Add(ForwardedHeader, view.NodeId);
        // The caller's credentials go along: the leader checks the key and its issuer again, and rate-limits it.
        if (context.Request.Headers.Authorization is { Count: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", (IEnumerable<string?>)authorization);
        }
        if (body is { } bytes)
        {
            request.Content = new ReadOnlyMemoryContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, context.RequestAborted);
            var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (response.Headers.RetryAfter is { Delta: { } delay })
            {
                context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (response.Headers.Location is { } location)
            {
                context.Response.Headers.Location = location.ToString();
            }

            return ForwardedAnswer.Relayed(content, response.Content.Headers.ContentType?.ToString(), (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            // The leader died or stalled mid-request. Its entry may still commit under the next leader, so the
            // client must retry the same request; the state machine makes that retry harmless.
            logger.LogWarning("Forwarding {Method} {Path} to leader {Leader} failed: {Error}", context.Request.Method, context.Request.Path, leader, e.Message);
            return ForwardedAnswer.Unavailable($"The leader {leader} did not answer ({e.Message}); the outcome is unknown, retry the same request.");
        }
    }
}
