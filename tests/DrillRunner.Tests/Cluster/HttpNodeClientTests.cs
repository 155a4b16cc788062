using System.Net.Sockets;
using CivicTrust.Drill.Cluster;

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

    // The socket dies under the handler, which lets the error out unwrapped (as SocketsHttpHandler does for some
    // failures on a connection already in use).
    private sealed class DyingConnectionHandler(Exception dying) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(dying);
    }
}
