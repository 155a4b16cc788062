using System.Net;
using System.Net.Http.Headers;
using CivicTrust.Contracts;

namespace CivicTrust.Drill.Cluster;

/// <summary>
/// Checks before a drill that every node answers <c>/cluster/status</c> and takes the drill's key: drilling a
/// half-dead cluster proves nothing, and a drill whose every write is refused would report lost documents instead
/// of the real problem.
/// </summary>
public static class ClusterProbe
{
    /// <summary>Problems found, one line per unreachable node; empty when all answer.</summary>
    public static async Task<IReadOnlyList<string>> FindUnreachableAsync(IReadOnlyList<Uri> nodes, string? apiKey, CancellationToken token)
    {
        using var http = new HttpClient();
        var problems = new List<string>();
        foreach (var endpoint in nodes)
        {
            try
            {
                var status = await new HttpNodeClient(http, endpoint, TimeSpan.FromSeconds(3), apiKey).GetStatusAsync(token);
                if (string.IsNullOrEmpty(status.NodeId))
                {
                    problems.Add($"{endpoint} answered /cluster/status without a nodeId: is it a CivicTrust node?");
                }
            }
            catch (NodeUnreachableException e) when (e.InnerException is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized })
            {
                // Reachable, but closed to readers without a key (Security:RequireKeyForReads): say that, not "unreachable".
                problems.Add(apiKey is null
                    ? $"{endpoint} requires an issuer key for reads: give the key of issuer {DrillIssuer.Name} with --api-key or {DrillIssuer.ApiKeyVariable}."
                    : $"{endpoint} refused the drill's issuer key for reads (401).");
            }
            catch (NodeUnreachableException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems;
    }

    /// <summary>
    /// Why the cluster would refuse the drill's writes, or <see langword="null"/> when it takes them. Asks each node to
    /// abort a hash that is not well-formed: a node checks the key before the hash, so a valid key gets 400 and a
    /// missing or wrong one 401, and nothing is ever written.
    /// </summary>
    public static async Task<string?> FindCredentialProblemAsync(IReadOnlyList<Uri> nodes, string? apiKey, CancellationToken token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        foreach (var endpoint in nodes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/documents/credential-check/abort"));
            if (apiKey is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                continue; // reachability is FindUnreachableAsync's question; a node that just went away answers nothing here
            }

            using var answer = response;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return apiKey is null
                    ? $"{endpoint} requires an issuer key for writes: give the key of issuer {DrillIssuer.Name} with --api-key or {DrillIssuer.ApiKeyVariable}."
                    : $"{endpoint} refused the drill's issuer key ({(int)response.StatusCode}): it is not a key of issuer {DrillIssuer.Name} on this cluster.";
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="nodes"/> are not the whole cluster, or <see langword="null"/> when every node that reports its
    /// cluster's size reports as many members as <c>--nodes</c> names. A drill that knows only some members reckons
    /// the majority wrong: it would take the unnamed members' votes for missing, and their writes for false
    /// acknowledgements.
    /// </summary>
    public static async Task<string?> FindMembershipProblemAsync(IReadOnlyList<Uri> nodes, string? apiKey, CancellationToken token)
    {
        using var http = new HttpClient();
        foreach (var endpoint in nodes)
        {
            try
            {
                var status = await new HttpNodeClient(http, endpoint, TimeSpan.FromSeconds(3), apiKey).GetStatusAsync(token);
                if (status.Members is { } members && members != nodes.Count)
                {
                    return $"{endpoint} belongs to a cluster of {members} members, but --nodes names {nodes.Count}: name every member, so the drill knows what a majority is.";
                }
            }
            catch (NodeUnreachableException)
            {
                // Reachability is FindUnreachableAsync's question.
            }
        }

        return null;
    }
}
