using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class ClusterSecretTests
{
    private readonly ClusterSecret _secret = new("0123456789abcdef0123456789abcdef");

    [Fact]
    public void Only_the_exact_secret_matches()
    {
        Assert.True(_secret.Matches("0123456789abcdef0123456789abcdef"));
        Assert.False(_secret.Matches("0123456789abcdef0123456789abcde"));
        Assert.False(_secret.Matches("0123456789abcdef0123456789abcdef0"));
        Assert.False(_secret.Matches(string.Empty));
        Assert.False(_secret.Matches(null));
    }

    [Fact]
    public async Task Outgoing_messages_carry_the_secret_once_even_when_resent()
    {
        using var handler = new ClusterSecretHeader(_secret) { InnerHandler = new Echo() };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5101/cluster-consensus/raft");
        request.Headers.Add(ClusterSecret.HeaderName, "stale");

        using var response = await client.SendAsync(request);

        Assert.Equal(["0123456789abcdef0123456789abcdef"], request.Headers.GetValues(ClusterSecret.HeaderName));
    }

    private sealed class Echo : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
    }
}
