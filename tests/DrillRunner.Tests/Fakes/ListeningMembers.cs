using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CivicTrust.Contracts;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>
/// Members on real local ports that answer the checks the CLI makes before a drill: <c>/cluster/status</c>, the
/// credential check (400: the drill's key is taken), and <c>/admin/issuer-keys</c> with <see cref="AdminStatus"/>.
/// </summary>
public sealed class ListeningMembers : IDisposable
{
    private readonly List<HttpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    public ListeningMembers(int count, HttpStatusCode adminStatus)
    {
        AdminStatus = adminStatus;
        for (var i = 0; i < count; i++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            _listeners.Add(listener);
            Endpoints.Add(new Uri($"http://127.0.0.1:{port}/"));
            var nodeId = $"node-{(char)('a' + i)}";
            _ = Task.Run(() => ServeAsync(listener, nodeId, count));
        }
    }

    public List<Uri> Endpoints { get; } = [];

    public HttpStatusCode AdminStatus { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listeners.ForEach(l => l.Close());
        _stop.Dispose();
    }

    private async Task ServeAsync(HttpListener listener, string nodeId, int members)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var (status, body, type) = context.Request.Url!.AbsolutePath switch
            {
                "/cluster/status" => (HttpStatusCode.OK, JsonSerializer.Serialize(
                    new ClusterStatusResponse(nodeId, ClusterRoleNames.Follower, 1, Endpoints[0].ToString(), 1, 0, 0, 0, 0, new SecurityStatusResponse(false, false, true), Members: members),
                    JsonSerializerOptions.Web), "application/json"),
                "/admin/issuer-keys" => (AdminStatus, """{"title":"Admin key","status":0}""", "application/problem+json"),
                _ => (HttpStatusCode.BadRequest, """{"title":"Bad hash"}""", "application/problem+json"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = type;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
