using System.Text.Json;
using CivicTrust.Integration.Cluster;

namespace CivicTrust.Integration.Api;

/// <summary>
/// Every node publishes its HTTP contract as an OpenAPI document, generated from the endpoints' typed answers: a client
/// generator or a reviewer sees every route, every status it may answer and the bodies, and nothing between members.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiDocumentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_document_names_every_route_its_answers_and_the_issue_body()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await fixture.App.Nodes["node-a"].GetAsync("/openapi/v1.json", timeout.Token);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(["200", "201", "400", "409", "413", "415", "503"], Statuses(paths, "/documents", "post"));
        Assert.Equal(["200", "400", "404", "503"], Statuses(paths, "/documents/{hash}", "get"));
        Assert.Equal(["200", "400", "409", "503"], Statuses(paths, "/documents/{hash}/abort", "post"));
        Assert.Contains("200", Statuses(paths, "/cluster/status", "get"));
        Assert.Equal(["200", "400", "503"], Statuses(paths, "/log", "get"));
        // What members say to each other is theirs, not the clients' contract.
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/cluster-consensus", StringComparison.Ordinal));

        var body = paths.GetProperty("/documents").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var schema = Resolve(document.RootElement, body);
        Assert.True(schema.GetProperty("properties").TryGetProperty("content", out _), schema.ToString());
        Assert.True(schema.GetProperty("properties").TryGetProperty("issuer", out _), schema.ToString());
    }

    private static string[] Statuses(JsonElement paths, string path, string method) =>
        [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)];

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var name = reference.GetString()!.Split('/')[^1];
        return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
