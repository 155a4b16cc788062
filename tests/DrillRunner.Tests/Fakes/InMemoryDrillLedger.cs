using System.Collections.Concurrent;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>A ledger test double; the product always uses a RESP server.</summary>
public sealed class InMemoryDrillLedger : IDrillLedger
{
    private readonly ConcurrentDictionary<string, LedgerState> _states = new(StringComparer.Ordinal);

    public string Description => "in-memory test ledger";

    public Task RecordAsync(string hash, LedgerState state)
    {
        _states[hash] = state;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, LedgerState>>(new Dictionary<string, LedgerState>(_states));
}
