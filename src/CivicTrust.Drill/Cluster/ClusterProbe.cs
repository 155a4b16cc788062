using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using CivicTrust.Contracts;
using CivicTrust.Drill.Keys;

namespace CivicTrust.Drill.Cluster;

/// <summary>
/// Checks before a drill that every node answers <c>/cluster/status</c> and takes the drill's key: drilling a
/// half-dead cluster proves nothing, and a drill whose every write is refused would report lost documents instead
/// of the real problem.
/// </summary>
public static class ClusterProbe
{
    /// <summary>
    /// One round of <c>/cluster/status</c> across <paramref name="nodes"/>: the members that did not answer (one line
    /// each), and whether those that did count the cluster's members as <paramref name="nodes"/> does.
    /// </summary>
    public static async Task<ClusterProbeResult> ProbeAsync(IReadOnlyList<Uri> nodes, string? apiKey, CancellationToken token, X509Certificate2? clusterCa = null)
    {
        using var http = DrillHttp.Create(clusterCa, TimeSpan.FromSeconds(100));
        var unreachable = new List<string>();
        string? membership = null;
        foreach (var endpoint in nodes)
        {
            try
            {
                var status = await new HttpNodeClient(http, endpoint, TimeSpan.FromSeconds(3), apiKey).GetStatusAsync(token);
                if (string.IsNullOrEmpty(status.NodeId))
                {
                    unreachable.Add($"{endpoint} answered /cluster/status without a nodeId: is it a CivicTrust node?");
                }
                else if (membership is null && status.Members is { } members && members != nodes.Count)
                {
                    // A drill that knows only some members reckons the majority wrong: it would take the unnamed
                    // members' votes for missing, and their writes for false acknowledgements.
                    membership = $"{endpoint} belongs to a cluster of {members} members, but --nodes names {nodes.Count}: name every member, so the drill knows what a majority is.";
                }
            }
            catch (NodeUnreachableException e) when (e.InnerException is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized })
            {
                // Reachable, but closed to readers without a key (Security:RequireKeyForReads): say that, not "unreachable".
                unreachable.Add(apiKey is null
                    ? $"{endpoint} requires an issuer key for reads: give the key of issuer {DrillIssuer.Name} with --api-key or {DrillIssuer.ApiKeyVariable}."
                    : $"{endpoint} refused the drill's issuer key for reads (401).");
            }
            catch (NodeUnreachableException e)
            {
                unreachable.Add(e.Message);
            }
        }

        return new ClusterProbeResult(unreachable, membership);
    }

    /// <summary>
    /// Why the members would refuse the drill's admin requests (<c>/admin/issuer-keys</c>), or <see langword="null"/> when
    /// each lists its keys for <paramref name="adminKey"/>. Asks with a read, so nothing is admitted or revoked.
    /// </summary>
    public static async Task<string?> FindAdminKeyProblemAsync(IReadOnlyList<Uri> nodes, string adminKey, CancellationToken token, X509Certificate2? clusterCa = null)
    {
        using var http = DrillHttp.Create(clusterCa, TimeSpan.FromSeconds(100));
        var admin = new HttpIssuerKeyAdmin(http, adminKey, TimeSpan.FromSeconds(3));
        foreach (var endpoint in nodes)
        {
            AdminAnswer<IssuerKeyListResponse> answer;
            try
            {
                answer = await admin.ListAsync(endpoint, token);
            }
            catch (NodeUnreachableException)
            {
                continue; // reachability is ProbeAsync's question
            }

            var problem = answer switch
            {
                { IsSuccess: true } => null,
                { Status: HttpStatusCode.Unauthorized } => $"{endpoint} refused the admin key (401): give the key whose hash is its {AdminKey.ConfigurationKey}, with --admin-key or {AdminKey.Variable}.",
                { Status: HttpStatusCode.Forbidden } => $"{endpoint} has no admin key configured (403): set {AdminKey.ConfigurationKey} on every member.",
                { Status: HttpStatusCode.NotFound } => $"{endpoint} does not serve /admin/issuer-keys (404): a node without run-time issuer keys.",
                _ when answer.IsRetryable => null, // no leader at this moment: the drill's own requests retry
                _ => $"{endpoint} answered /admin/issuer-keys {answer.Describe()}.",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// Why the cluster would refuse the drill's writes, or <see langword="null"/> when it takes them. Asks each node to
    /// abort a hash that is not well-formed: a node checks the key before the hash, so a valid key gets 400 and a
    /// missing or wrong one 401, and nothing is ever written.
    /// </summary>
    public static async Task<string?> FindCredentialProblemAsync(IReadOnlyList<Uri> nodes, string? apiKey, CancellationToken token, X509Certificate2? clusterCa = null)
    {
        using var http = DrillHttp.Create(clusterCa, TimeSpan.FromSeconds(3));
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
                continue; // reachability is ProbeAsync's question; a node that just went away answers nothing here
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
}
