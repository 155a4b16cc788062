using StackExchange.Redis;

namespace CivicTrust.DrillRunner.Ledger;

/// <summary>
/// The ledger in Redis (or any RESP server): one hash per drill run, <c>civictrust:drill:{runId}:documents</c>,
/// field = document hash, value = state. A hash per run keeps runs apart and lets an operator inspect one with
/// <c>HGETALL</c>.
/// </summary>
public sealed class RedisDrillLedger : IDrillLedger, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly RedisKey _key;

    private RedisDrillLedger(ConnectionMultiplexer connection, string runId, string description)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _key = $"civictrust:drill:{runId}:documents";
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>Connects to the RESP server at <paramref name="connectionString"/>.</summary>
    /// <exception cref="RedisConnectionException">The server cannot be reached.</exception>
    public static async Task<RedisDrillLedger> ConnectAsync(string connectionString, string runId, string description)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5_000;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return new RedisDrillLedger(connection, runId, description);
    }

    /// <inheritdoc/>
    public Task RecordAsync(string hash, LedgerState state) =>
        _database.HashSetAsync(_key, hash, state.ToString());

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync()
    {
        var entries = await _database.HashGetAllAsync(_key);
        return entries.ToDictionary(e => e.Name.ToString(), e => Enum.Parse<LedgerState>(e.Value.ToString()), StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
