using StackExchange.Redis;

namespace CivicTrust.Drill.Ledger;

/// <summary>
/// The ledger in Redis (or any RESP server): one hash per drill run, <c>civictrust:drill:{runId}:documents</c>,
/// field = document hash, value = state. A hash per run keeps runs apart and lets an operator inspect one with
/// <c>HGETALL</c>.
/// </summary>
public sealed class RedisDrillLedger : IDrillLedger, IAsyncDisposable
{
    // Read-then-write per document, striped: concurrent writers (the load, the in-flight tracker) of one document must
    // not interleave, or a late write could replace the evidence of an earlier one.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _contradictions = new();
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
    public IReadOnlyCollection<string> Contradictions => _contradictions;

    /// <inheritdoc/>
    public async Task RecordAsync(string hash, LedgerState state)
    {
        var stripe = _stripes[(StringComparer.Ordinal.GetHashCode(hash) & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync();
        try
        {
            var stored = await _database.HashGetAsync(_key, hash);
            LedgerState? current = stored.IsNull ? null : Enum.Parse<LedgerState>(stored.ToString());
            if (LedgerTransitions.Allows(current, state))
            {
                await _database.HashSetAsync(_key, hash, state.ToString());
            }
            else if (LedgerTransitions.Contradicts(current, state))
            {
                _contradictions.Enqueue(LedgerTransitions.Describe(hash, current!.Value, state));
            }
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync()
    {
        var entries = await _database.HashGetAllAsync(_key);
        return entries.ToDictionary(e => e.Name.ToString(), e => Enum.Parse<LedgerState>(e.Value.ToString()), StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }
}
