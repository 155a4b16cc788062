using System.Net;
using System.Net.Http.Json;
using System.Text;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.Integration.Security;

/// <summary>Issuing and aborting on a secured cluster: who gets in, who is refused, and that a refusal writes nothing.</summary>
public sealed class IssuerKeyTests(SecuredCluster secured) : IClassFixture<SecuredCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private string DrillKey => secured.Cluster.IssuerKey;

    [Fact]
    public async Task A_write_without_a_key_is_401_with_a_bearer_challenge_and_writes_nothing()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (leader, _) = await RolesAsync(timeout.Token);
        var document = NewDocument();
        using var anonymous = SecuredCluster.Client(secured.Cluster, leader, authorization: null);

        using var issue = await anonymous.PostAsync("/documents", Body(document), timeout.Token);
        using var abort = await anonymous.PostAsync($"/documents/{document.Hash}/abort", null, timeout.Token);

        await AssertUnauthorizedAsync(issue, "Bearer");
        await AssertUnauthorizedAsync(abort, "Bearer");
        await AssertUnknownAsync(document, timeout.Token);
    }

    [Theory]
    [InlineData("Bearer not-a-key-of-this-cluster")]
    [InlineData("Basic Y2l2aWM6dHJ1c3Q=")]
    [InlineData("Bearer")]
    public async Task A_wrong_or_malformed_key_is_401_and_writes_nothing(string authorization)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (leader, _) = await RolesAsync(timeout.Token);
        var document = NewDocument();
        using var client = SecuredCluster.Client(secured.Cluster, leader, authorization);

        using var issue = await client.PostAsync("/documents", Body(document), timeout.Token);

        await AssertUnauthorizedAsync(issue, "Bearer error=\"invalid_token\"");
        await AssertUnknownAsync(document, timeout.Token);
    }

    [Fact]
    public async Task A_key_of_another_issuer_is_403_and_writes_nothing()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (leader, _) = await RolesAsync(timeout.Token);
        var document = NewDocument();
        using var other = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(secured.OtherIssuerKey));

        using var issue = await other.PostAsync("/documents", Body(document), timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Equal("application/problem+json", issue.Content.Headers.ContentType?.MediaType);
        Assert.Contains(SecuredCluster.OtherIssuer, await issue.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        await AssertUnknownAsync(document, timeout.Token);
    }

    [Fact]
    public async Task Both_keys_of_a_rotation_issue_and_the_other_issuer_may_not_abort_their_documents()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (leader, _) = await RolesAsync(timeout.Token);
        using var current = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(DrillKey));
        using var rotated = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(secured.RotatedKey));
        using var other = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(secured.OtherIssuerKey));
        var first = NewDocument();
        var second = NewDocument();

        using var byCurrent = await current.PostAsync("/documents", Body(first), timeout.Token);
        using var byRotated = await rotated.PostAsync("/documents", Body(second), timeout.Token);
        using var abortByOther = await other.PostAsync($"/documents/{first.Hash}/abort", null, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, byCurrent.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byRotated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, abortByOther.StatusCode);
        var record = await current.GetFromJsonAsync<DocumentRecordResponse>($"/documents/{first.Hash}", timeout.Token);
        Assert.Equal(DocumentStatusNames.Committed, record!.Status);
    }

    [Fact]
    public async Task A_follower_forwards_the_callers_key_and_refuses_a_caller_without_one()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (_, follower) = await RolesAsync(timeout.Token);
        using var withKey = SecuredCluster.Client(secured.Cluster, follower, SecuredCluster.Bearer(DrillKey));
        using var withoutKey = SecuredCluster.Client(secured.Cluster, follower, authorization: null);
        var forwarded = NewDocument();
        var refused = NewDocument();

        // The leader checks the key again: without the forwarded Authorization header this would be its 401.
        using var accepted = await withKey.PostAsync("/documents", Body(forwarded), timeout.Token);
        using var rejected = await withoutKey.PostAsync("/documents", Body(refused), timeout.Token);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await AssertUnauthorizedAsync(rejected, "Bearer");
        await AssertUnknownAsync(refused, timeout.Token);
    }

    [Fact]
    public async Task Past_its_rate_limit_a_key_gets_429_with_retry_after_and_nothing_is_written()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (leader, _) = await RolesAsync(timeout.Token);
        using var throttled = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(secured.ThrottledKey));
        var documents = Enumerable.Range(0, SecuredCluster.ThrottledPermits * 4).Select(_ => NewDocument()).ToList();

        var answers = await Task.WhenAll(documents.Select(async d =>
        {
            using var response = await throttled.PostAsync("/documents", Body(d), timeout.Token);
            return (Document: d, response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
        }));

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        Assert.All(limited, a =>
        {
            Assert.True(a.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {a.RetryAfter}");
            Assert.Equal("application/problem+json", a.MediaType);
        });
        foreach (var (document, _, _, _) in limited)
        {
            await AssertUnknownAsync(document, timeout.Token);
        }

        // The drill's own key has its own bucket: another key's limit never throttles it.
        using var drill = SecuredCluster.Client(secured.Cluster, leader, SecuredCluster.Bearer(DrillKey));
        using var unaffected = await drill.PostAsync("/documents", Body(NewDocument()), timeout.Token);
        Assert.Equal(HttpStatusCode.Created, unaffected.StatusCode);
    }

    [Fact]
    public async Task The_status_says_how_the_node_is_guarded()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var http = secured.Cluster.NewHttpClient();
        var status = await new HttpNodeClient(http, secured.Cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token);

        Assert.Equal(new SecurityStatusResponse(AnonymousWrites: false, ReadsRequireKey: false, RaftAuthenticated: true), status.Security);
    }

    private async Task<(Uri Leader, Uri Follower)> RolesAsync(CancellationToken token)
    {
        await secured.Cluster.WaitForLeaderAsync(token);
        using var http = secured.Cluster.NewHttpClient();
        var status = await new HttpNodeClient(http, secured.Cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(token);
        var leader = secured.Cluster.Endpoints.Single(e => e.ToString().TrimEnd('/') == status.Leader);
        return (leader, secured.Cluster.Endpoints.First(e => e != leader));
    }

    private async Task AssertUnknownAsync(DrillDocument document, CancellationToken token)
    {
        using var http = secured.Cluster.NewHttpClient();
        foreach (var node in secured.Cluster.Endpoints)
        {
            var answer = await new HttpNodeClient(http, node, TimeSpan.FromSeconds(5)).GetDocumentAsync(document.Hash, token);
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{node} knows {document.Hash} as {answer.DocumentStatus} ({answer.Status}): a refused request wrote it.");
        }
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string challenge)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static DrillDocument NewDocument() => DrillDocument.Create(Guid.NewGuid().ToString("n"), 1, "security");

    private static StringContent Body(DrillDocument document) => new(document.RequestBody, Encoding.UTF8, "application/json");
}
