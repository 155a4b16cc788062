using System.Net;
using System.Text;
using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Keys;

namespace CivicTrust.DrillRunner.Tests.Keys;

/// <summary>The admin endpoint as the drill speaks it: its paths, its body, its credential, and its refusals in words.</summary>
public sealed class HttpIssuerKeyAdminTests
{
    private static readonly Uri Member = new("http://127.0.0.1:5101/");
    private static readonly string KeyHash = new('e', 64);

    [Fact]
    public async Task An_admission_posts_the_issuer_and_the_keys_hash_with_the_admin_key()
    {
        var handler = new ScriptedHandler(HttpStatusCode.Created, $$"""{"keySha256":"{{KeyHash}}","issuer":"civictrust-drill","state":"active","configured":false,"addedIndex":17,"revokedIndex":0}""");
        using var http = new HttpClient(handler);

        var answer = await new HttpIssuerKeyAdmin(http, "the-admin-key", TimeSpan.FromSeconds(2))
            .AddAsync(Member, new AddIssuerKeyRequest(DrillIssuer.Name, KeyHash), CancellationToken.None);

        Assert.True(answer.IsSuccess);
        Assert.Equal((17L, IssuerKeyStateNames.Active), (answer.Body!.AddedIndex, answer.Body.State));
        var (method, uri, authorization, body) = Assert.Single(handler.Requests);
        Assert.Equal(("POST", "http://127.0.0.1:5101/admin/issuer-keys", "Bearer the-admin-key"), (method, uri, authorization));
        using var sent = JsonDocument.Parse(body!);
        Assert.Equal(DrillIssuer.Name, sent.RootElement.GetProperty("issuer").GetString());
        Assert.Equal(KeyHash, sent.RootElement.GetProperty("keySha256").GetString());
    }

    [Fact]
    public async Task A_revocation_posts_to_the_keys_own_path_without_a_body()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK, $$"""{"keySha256":"{{KeyHash}}","issuer":"civictrust-drill","state":"revoked","configured":false,"addedIndex":17,"revokedIndex":40}""");
        using var http = new HttpClient(handler);

        var revoked = await new HttpIssuerKeyAdmin(http, "the-admin-key", TimeSpan.FromSeconds(2)).RevokeAsync(Member, KeyHash, CancellationToken.None);

        Assert.Equal(40, revoked.Body!.RevokedIndex);
        Assert.Equal(("POST", $"http://127.0.0.1:5101/admin/issuer-keys/{KeyHash}/revoke", "Bearer the-admin-key", (string?)null), Assert.Single(handler.Requests));
    }

    [Fact]
    public async Task A_member_lists_its_keys_on_a_get()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK,
            $$"""{"node":"node-b","appliedIndex":55,"keys":[{"keySha256":"{{KeyHash}}","issuer":"civictrust-drill","state":"revoked","configured":false,"addedIndex":17,"revokedIndex":40}]}""");
        using var http = new HttpClient(handler);

        var listed = await new HttpIssuerKeyAdmin(http, "the-admin-key", TimeSpan.FromSeconds(2)).ListAsync(Member, CancellationToken.None);

        Assert.Equal(("node-b", 55L, 40L), (listed.Body!.Node, listed.Body.AppliedIndex, Assert.Single(listed.Body.Keys).RevokedIndex));
        Assert.Equal(("GET", "http://127.0.0.1:5101/admin/issuer-keys"), (handler.Requests[0].Method, handler.Requests[0].Uri));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "401 (the admin key is missing or wrong): Admin key required: no bearer")]
    [InlineData(HttpStatusCode.Forbidden, "403 (the member has no admin key configured: Security:AdminKeySha256): Admin key required: no bearer")]
    [InlineData(HttpStatusCode.Conflict, "409 (the key is revoked or bound to another issuer): Admin key required: no bearer")]
    public async Task A_refusal_says_what_it_means_and_what_the_member_said(HttpStatusCode status, string described)
    {
        using var http = new HttpClient(new ScriptedHandler(status, """{"title":"Admin key required","detail":"no bearer","status":401}""", "application/problem+json"));

        var answer = await new HttpIssuerKeyAdmin(http, "k", TimeSpan.FromSeconds(2)).AddAsync(Member, new AddIssuerKeyRequest(DrillIssuer.Name, KeyHash), CancellationToken.None);

        Assert.False(answer.IsSuccess);
        Assert.False(answer.IsRetryable);
        Assert.Equal(described, answer.Describe());
    }

    [Fact]
    public async Task A_503_asks_for_the_same_request_again_after_its_retry_after()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, """{"title":"No leader"}""", "application/problem+json") { RetryAfter = TimeSpan.FromSeconds(1) };
        using var http = new HttpClient(handler);

        var answer = await new HttpIssuerKeyAdmin(http, "k", TimeSpan.FromSeconds(2)).RevokeAsync(Member, KeyHash, CancellationToken.None);

        Assert.True(answer.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(1), answer.RetryAfter);
    }

    // Answers every request with one status and body, and notes each request.
    private sealed class ScriptedHandler(HttpStatusCode status, string body, string mediaType = "application/json") : HttpMessageHandler
    {
        public List<(string Method, string Uri, string? Authorization, string? Body)> Requests { get; } = [];

        public TimeSpan? RetryAfter { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), sent));
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
            if (RetryAfter is { } after)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
            }

            return response;
        }
    }
}
