using CivicTrust.Ledger;
using StackExchange.Redis;

namespace CivicTrust.Drill.Ledger;

/// <summary>Connects to the named ledger, or starts an embedded one for this run when none is named.</summary>
public sealed class LedgerConnector : IAsyncDisposable
{
    private EmbeddedLedgerServer? _embedded;
    private RedisDrillLedger? _ledger;

    /// <summary>Connects; the description (for the report) names the server without any password.</summary>
    public async Task<RedisDrillLedger> ConnectAsync(string? connectionString, string runId)
    {
        if (connectionString is null)
        {
            // A real RESP server, in this process, for this run only: the ledger still lives outside the drill's
            // own data structures, and the report says it was not a shared one.
            _embedded = EmbeddedLedgerServer.Start(port: 0, memory: "1g");
            _ledger = await RedisDrillLedger.ConnectAsync(_embedded.ConnectionString, runId,
                $"embedded RESP ledger (Garnet) at {_embedded.ConnectionString}, started by the drill runner for this run because no --ledger was given");
            return _ledger;
        }

        var endpoints = string.Join(", ", ConfigurationOptions.Parse(connectionString).EndPoints.Select(e => e.ToString()));
        _ledger = await RedisDrillLedger.ConnectAsync(connectionString, runId, $"Redis at {endpoints}, key civictrust:drill:{runId}:documents");
        return _ledger;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        _embedded?.Dispose();
    }
}
