using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;
using Microsoft.Extensions.Logging;

namespace CivicTrust.Ledger;

/// <summary>An in-memory Garnet server on loopback: a real RESP endpoint that StackExchange.Redis talks to.</summary>
public sealed class EmbeddedLedgerServer : IDisposable
{
    /// <summary>
    /// Memory cap of the store. Without a storage tier Garnet silently evicts the oldest records beyond it, so it must
    /// hold the whole ledger; it is a ceiling, not a reservation (idle memory is the same for 256m or 16g).
    /// </summary>
    public const string DefaultMemory = "4g";

    private readonly GarnetServer _server;

    private EmbeddedLedgerServer(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on <paramref name="port"/>, or on a free port when it is 0.</summary>
    /// <exception cref="InvalidOperationException">The port is taken (or no free port could be bound).</exception>
    public static EmbeddedLedgerServer Start(int port = 0, string memory = DefaultMemory, ILoggerFactory? loggerFactory = null)
    {
        // Garnet cannot report the port it bound, so port 0 is resolved here; a port grabbed in between is retried.
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port > 0 ? port : FreeLoopbackPort();
            var server = new GarnetServer(
                new GarnetServerOptions
                {
                    EndPoints = [new IPEndPoint(IPAddress.Loopback, chosen)],
                    QuietMode = true,
                    EnableAOF = false,
                    EnableStorageTier = false,
                    Recover = false,
                    EnableLua = false,
                    LogMemorySize = memory,
                },
                loggerFactory);
            try
            {
                server.Start();
                return new EmbeddedLedgerServer(server, chosen);
            }
            catch (Exception e) when (IsAddressInUse(e))
            {
                server.Dispose();
                if (port > 0 || attempt == attempts)
                {
                    throw new InvalidOperationException($"Cannot start the ledger on 127.0.0.1:{chosen}: the port is in use.", e);
                }
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public void Dispose() => _server.Dispose();
}
