using System.Net;
using System.Net.Sockets;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;

namespace CivicTrust.DrillRunner.Tests.Cluster;

/// <summary>How the drill's HTTP client turns a node going away into <see cref="NodeUnreachableException"/>.</summary>
public sealed class HttpNodeClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_that_dies_mid_exchange_is_an_unreachable_node(bool bareSocketError)
    {
        Exception dying = bareSocketError ? new SocketException((int)SocketError.NotConnected) : new IOException("Transport endpoint is not connected");
        using var http = new HttpClient(new DyingConnectionHandler(dying));
        var client = new HttpNodeClient(http, new Uri("http://127.0.0.1:5101/"), TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<NodeUnreachableException>(() => client.IssueAsync(DrillDocument.Create("run", 0, "load"), CancellationToken.None));

        Assert.Same(dying, error.InnerException);
    }

    [Fact]
    public async Task An_answer_keeps_the_index_of_its_record_and_a_keyed_client_sends_its_own_key()
    {
        var handler = new AnsweringHandler("""{"hash":"h","status":"COMMITTED","index":42,"term":3,"duplicate":false}""");
        using var http = new HttpClient(handler);
        var drills = new HttpNodeClient(http, new Uri("http://127.0.0.1:5101/"), TimeSpan.FromSeconds(2), "the-drills-key");
        var key = DrillKey.Of("a-run-time-key");

        var answer = await drills.WithIssuerKey(key).IssueAsync(DrillDocument.Create("run", 0, "load"), CancellationToken.None);
        await drills.IssueAsync(DrillDocument.Create("run", 1, "load"), CancellationToken.None);

        Assert.Equal((HttpStatusCode.Created, "COMMITTED", (long?)42), (answer.Status, answer.DocumentStatus, answer.Index));
        Assert.Equal(["Bearer a-run-time-key", "Bearer the-drills-key"], handler.Authorizations);
    }

    // Answers every request 201 with one body, and notes the credential each carried.
    private sealed class AnsweringHandler(string body) : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    // The socket dies under the handler, which lets the error out unwrapped (as SocketsHttpHandler does for some
    // failures on a connection already in use).
    private sealed class DyingConnectionHandler(Exception dying) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(dying);
    }
}
