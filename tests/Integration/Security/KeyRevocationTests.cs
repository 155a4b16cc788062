using System.Net;
using System.Net.Http.Json;
using System.Text;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Security;

/// <summary>
/// Issuer keys admitted and revoked at run time through <c>/admin/issuer-keys</c>, on a real cluster: the change
/// reaches every member at one index, a revoked key writes nowhere (forwarded writes included) while what it wrote
/// before stays, and a member that lost its disk learns the revocation from its peers' snapshot.
/// </summary>
public sealed class KeyRevocationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_key_admitted_at_run_time_writes_on_every_member_and_once_revoked_on_none()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var (leader, followers) = await RolesAsync(cluster, token);
        using var admin = SecuredCluster.Client(cluster, followers[0], SecuredCluster.Bearer(cluster.AdminKey));
        var key = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "-run-time";
        var hash = IssuerKeyHash.Compute(key);

        // Through a follower: it forwards to the leader, which logs the admission.
        using var added = await RetryingAsync(() => admin.PostAsJsonAsync("/admin/issuer-keys", new AddIssuerKeyRequest(DrillIssuer.Name, hash), token), token);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var admission = (await added.Content.ReadFromJsonAsync<IssuerKeyResponse>(token))!;
        Assert.Equal((IssuerKeyStateNames.Active, false), (admission.State, admission.Configured));
        await WaitForEveryMemberAsync(cluster, hash, k => k.State == IssuerKeyStateNames.Active, token);

        var before = cluster.Endpoints.Select((_, i) => NewDocument()).ToList();
        var written = new List<IssueDocumentResponse>();
        foreach (var (node, document) in cluster.Endpoints.Zip(before))
        {
            using var client = SecuredCluster.Client(cluster, node, SecuredCluster.Bearer(key));
            using var issued = await RetryingAsync(() => client.PostAsync("/documents", Body(document), token), token);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            written.Add((await issued.Content.ReadFromJsonAsync<IssueDocumentResponse>(token))!);
        }

        using var revoked = await RetryingAsync(() => admin.PostAsync($"/admin/issuer-keys/{hash}/revoke", null, token), token);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var revocation = (await revoked.Content.ReadFromJsonAsync<IssuerKeyResponse>(token))!;
        Assert.Equal(IssuerKeyStateNames.Revoked, revocation.State);
        Assert.True(revocation.RevokedIndex > written.Max(w => w.Index), $"revoked at {revocation.RevokedIndex}, after writes at {string.Join(", ", written.Select(w => w.Index))}");
        using var again = await RetryingAsync(() => admin.PostAsync($"/admin/issuer-keys/{hash}/revoke", null, token), token);
        Assert.Equal(revocation.RevokedIndex, (await again.Content.ReadFromJsonAsync<IssuerKeyResponse>(token))!.RevokedIndex);
        await WaitForEveryMemberAsync(cluster, hash, k => k.RevokedIndex == revocation.RevokedIndex, token);

        var after = NewDocument();
        foreach (var node in cluster.Endpoints)
        {
            using var client = SecuredCluster.Client(cluster, node, SecuredCluster.Bearer(key));
            using var refused = await RetryingAsync(() => client.PostAsync("/documents", Body(after), token), token);
            using var abort = await RetryingAsync(() => client.PostAsync($"/documents/{before[0].Hash}/abort", null, token), token);
            foreach (var answer in new[] { refused, abort })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                var body = await answer.Content.ReadAsStringAsync(token);
                Assert.Contains("Issuer key revoked", body, StringComparison.Ordinal);
                Assert.DoesNotContain(key, body, StringComparison.Ordinal);
            }
        }

        using var http = cluster.NewHttpClient();
        foreach (var node in cluster.Endpoints)
        {
            var reader = new HttpNodeClient(http, node, TimeSpan.FromSeconds(5), cluster.IssuerKey);
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetDocumentAsync(after.Hash, token)).Status);
            foreach (var document in before)
            {
                Assert.Equal(DocumentStatusNames.Committed, (await reader.GetDocumentAsync(document.Hash, token)).DocumentStatus);
            }
        }

        // A revoked key never comes back, and the issuer's configured key writes on.
        using var readmitted = await RetryingAsync(() => admin.PostAsJsonAsync("/admin/issuer-keys", new AddIssuerKeyRequest(DrillIssuer.Name, hash), token), token);
        Assert.Equal(HttpStatusCode.Conflict, readmitted.StatusCode);
        using var drill = SecuredCluster.Client(cluster, leader, SecuredCluster.Bearer(cluster.IssuerKey));
        using var unaffected = await RetryingAsync(() => drill.PostAsync("/documents", Body(NewDocument()), token), token);
        Assert.Equal(HttpStatusCode.Created, unaffected.StatusCode);
    }

    [Fact]
    public async Task The_admin_endpoints_take_the_admin_key_only_and_refuse_bad_requests_with_problems()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var (leader, _) = await RolesAsync(cluster, token);
        var request = new AddIssuerKeyRequest(DrillIssuer.Name, IssuerKeyHash.Compute("never admitted"));

        foreach (var authorization in new[] { null, SecuredCluster.Bearer(cluster.IssuerKey), SecuredCluster.Bearer("not the admin key") })
        {
            using var client = SecuredCluster.Client(cluster, leader, authorization);
            using var refused = await RetryingAsync(() => client.PostAsJsonAsync("/admin/issuer-keys", request, token), token);
            await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, token);
            using var list = await client.GetAsync("/admin/issuer-keys", token);
            await AssertProblemAsync(list, HttpStatusCode.Unauthorized, token);
        }

        using var admin = SecuredCluster.Client(cluster, leader, SecuredCluster.Bearer(cluster.AdminKey));
        using var notHex = await RetryingAsync(() => admin.PostAsJsonAsync("/admin/issuer-keys", request with { KeySha256 = "the key itself" }, token), token);
        await AssertProblemAsync(notHex, HttpStatusCode.BadRequest, token);
        using var noIssuer = await RetryingAsync(() => admin.PostAsJsonAsync("/admin/issuer-keys", request with { Issuer = " " }, token), token);
        await AssertProblemAsync(noIssuer, HttpStatusCode.BadRequest, token);
        using var notJson = await RetryingAsync(() => admin.PostAsync("/admin/issuer-keys", new StringContent("{", Encoding.UTF8, "application/json"), token), token);
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, token);
        using var unknown = await RetryingAsync(() => admin.PostAsync($"/admin/issuer-keys/{request.KeySha256}/revoke", null, token), token);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, token);
        using var malformed = await RetryingAsync(() => admin.PostAsync("/admin/issuer-keys/xyz/revoke", null, token), token);
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, token);

        // Nothing of it was written: the list holds the configured key only.
        var keys = (await admin.GetFromJsonAsync<IssuerKeyListResponse>("/admin/issuer-keys", token))!;
        Assert.Equal([(IssuerKeyHash.Compute(cluster.IssuerKey), true, IssuerKeyStateNames.Active)], keys.Keys.Select(k => (k.KeySha256, k.Configured, k.State)));
    }

    /// <summary>
    /// The revocation is part of the snapshots (every 40 entries here): a member whose disk was lost after it is
    /// repaired from the leader's snapshot, and refuses the key as the others do, at the same index.
    /// </summary>
    [Fact]
    public async Task A_member_that_lost_its_disk_after_a_revocation_refuses_the_key_at_the_same_index()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token, "--Cluster:SnapshotInterval 40");
        var (leader, followers) = await RolesAsync(cluster, token);
        using var admin = SecuredCluster.Client(cluster, leader, SecuredCluster.Bearer(cluster.AdminKey));
        var configured = IssuerKeyHash.Compute(cluster.IssuerKey);
        var spare = Guid.NewGuid().ToString("n");

        // The configured drill key is revoked here, so a spare key of the same issuer carries the writes on.
        using var added = await RetryingAsync(() => admin.PostAsJsonAsync("/admin/issuer-keys", new AddIssuerKeyRequest(DrillIssuer.Name, IssuerKeyHash.Compute(spare)), token), token);
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync(token));
        using var revoked = await RetryingAsync(() => admin.PostAsync($"/admin/issuer-keys/{configured}/revoke", null, token), token);
        var revocation = (await revoked.Content.ReadFromJsonAsync<IssuerKeyResponse>(token))!;
        Assert.True(revocation.Configured);
        await WaitForEveryMemberAsync(cluster, IssuerKeyHash.Compute(spare), k => k.State == IssuerKeyStateNames.Active, token);

        using var writer = SecuredCluster.Client(cluster, leader, SecuredCluster.Bearer(spare));
        for (var i = 0; i < 100; i++)
        {
            using var issued = await RetryingAsync(() => writer.PostAsync("/documents", Body(NewDocument()), token), token);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        var lost = followers[0];
        await cluster.KillAsync(lost.Port, token);
        await cluster.LoseDiskAsync(lost.Port, token);
        await cluster.RestartAsync(lost.Port, token);
        await WaitForEveryMemberAsync(cluster, configured, k => k.RevokedIndex == revocation.RevokedIndex, token);
        output.WriteLine($"revoked at {revocation.RevokedIndex}; the repaired member agrees");

        using var withRevoked = SecuredCluster.Client(cluster, lost, SecuredCluster.Bearer(cluster.IssuerKey));
        using var refused = await RetryingAsync(() => withRevoked.PostAsync("/documents", Body(NewDocument()), token), token);
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, token);
        using var withSpare = SecuredCluster.Client(cluster, lost, SecuredCluster.Bearer(spare));
        using var forwarded = await RetryingAsync(() => withSpare.PostAsync("/documents", Body(NewDocument()), token), token);
        Assert.Equal(HttpStatusCode.Created, forwarded.StatusCode);
    }

    private static async Task WaitForEveryMemberAsync(LocalCluster cluster, string hash, Func<IssuerKeyResponse, bool> condition, CancellationToken token)
    {
        foreach (var node in cluster.Endpoints)
        {
            using var admin = SecuredCluster.Client(cluster, node, SecuredCluster.Bearer(cluster.AdminKey));
            while (!await HoldsAsync(admin, hash, condition, token))
            {
                await Task.Delay(100, token);
            }
        }
    }

    // A fresh cluster may still move its leadership, and a client retries a 503 (the writes here are idempotent).
    private static async Task<HttpResponseMessage> RetryingAsync(Func<Task<HttpResponseMessage>> send, CancellationToken token)
    {
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(200, token);
        }
    }

    // False while the member is down or restarting (the lost-disk test restarts one) as well as while it has not applied the change.
    private static async Task<bool> HoldsAsync(HttpClient admin, string hash, Func<IssuerKeyResponse, bool> condition, CancellationToken token)
    {
        try
        {
            using var answer = await admin.GetAsync("/admin/issuer-keys", token);
            return answer.IsSuccessStatusCode
                && (await answer.Content.ReadFromJsonAsync<IssuerKeyListResponse>(token))!.Keys.SingleOrDefault(k => k.KeySha256 == hash) is { } key && condition(key);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<(Uri Leader, Uri[] Followers)> RolesAsync(LocalCluster cluster, CancellationToken token)
    {
        await cluster.WaitForLeaderAsync(token);
        using var http = cluster.NewHttpClient();
        var status = await new HttpNodeClient(http, cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(token);
        var leader = cluster.Endpoints.Single(e => e.ToString().TrimEnd('/') == status.Leader);
        return (leader, [.. cluster.Endpoints.Where(e => e != leader)]);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken token)
    {
        var body = await response.Content.ReadAsStringAsync(token);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private static DrillDocument NewDocument() => DrillDocument.Create(Guid.NewGuid().ToString("n"), 1, "revocation");

    private static StringContent Body(DrillDocument document) => new(document.RequestBody, Encoding.UTF8, "application/json");
}
