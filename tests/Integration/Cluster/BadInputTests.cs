using System.Net;
using System.Net.Http.Json;
using System.Text;
using CivicTrust.Contracts;

namespace CivicTrust.Integration.Cluster;

/// <summary>Every bad request gets a 4xx problem+json, on leader and followers alike, and writes nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    public static TheoryData<string, string, string?, string?, int> BadRequests => new()
    {
        { "POST", "/documents", "application/json", "{\"content\": ", 400 },
        { "POST", "/documents", "application/json", "{\"issuer\": \"x\"}", 400 },
        { "POST", "/documents", "application/json", "{\"content\": null, \"issuer\": \"x\"}", 400 },
        { "POST", "/documents", "application/json", "{\"content\": {\"a\": 1}}", 400 },
        { "POST", "/documents", "application/json", "{\"content\": {\"a\": 1}, \"issuer\": \"  \"}", 400 },
        { "POST", "/documents", "application/json", "{\"content\": {\"a\": 1, \"a\": 2}, \"issuer\": \"x\"}", 400 },
        { "POST", "/documents", "application/json", "[1, 2]", 400 },
        { "POST", "/documents", "text/plain", "{\"content\": 1, \"issuer\": \"x\"}", 415 },
        { "POST", "/documents", "application/json", "{\"content\": \"" + new string('x', 1_100_000) + "\", \"issuer\": \"x\"}", 413 },
        { "GET", "/documents/not-a-hash", null, null, 400 },
        { "GET", "/documents/" + new string('a', 63), null, null, 400 },
        { "POST", "/documents/" + new string('g', 64) + "/abort", null, null, 400 },
        { "GET", "/log?limit=10001", null, null, 400 },
        { "GET", "/log?limit=0", null, null, 400 },
        { "GET", "/log?from=-1", null, null, 400 },
        { "GET", "/log?from=abc", null, null, 400 },
        { "GET", "/log?raw=yes", null, null, 400 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_get_a_problem_and_change_nothing(string method, string path, string? contentType, string? body, int expectedStatus)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = timeout.Token;
        var converged = await fixture.App.WaitForConvergenceAsync(token);
        foreach (var (name, node) in fixture.App.Nodes)
        {
            var before = converged[name];
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, contentType!);
            }

            using var response = await node.SendAsync(request, token);

            Assert.True(expectedStatus == (int)response.StatusCode, $"{name}: {method} {path} answered {(int)response.StatusCode}, expected {expectedStatus}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(token);
            Assert.False(string.IsNullOrWhiteSpace(problem!["detail"]?.ToString()), "the problem must say what is wrong");
            var after = (await node.GetFromJsonAsync<ClusterStatusResponse>("/cluster/status", token))!;
            Assert.Equal(before.Documents, after.Documents);
            Assert.Equal(before.CommitIndex, after.CommitIndex);
        }
    }

    [Fact]
    public async Task Unknown_documents_are_404_problems()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await fixture.App.Nodes["node-b"].GetAsync("/documents/" + new string('0', 64), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
