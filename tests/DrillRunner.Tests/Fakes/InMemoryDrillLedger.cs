using System.Collections.Concurrent;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>A ledger test double with the product's transition rule; the product always uses a RESP server.</summary>
public sealed class InMemoryDrillLedger : IDrillLedger
{
    private readonly Dictionary<string, LedgerState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _contradictions = new();

    public string Description => "in-memory test ledger";

    public IReadOnlyCollection<string> Contradictions => _contradictions;

    public Task RecordAsync(string hash, LedgerState state)
    {
        lock (_states)
        {
            LedgerState? current = _states.TryGetValue(hash, out var stored) ? stored : null;
            if (LedgerTransitions.Allows(current, state))
            {
                _states[hash] = state;
            }
            else if (LedgerTransitions.Contradicts(current, state))
            {
                _contradictions.Enqueue(LedgerTransitions.Describe(hash, current!.Value, state));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync()
    {
        lock (_states)
        {
            return Task.FromResult<IReadOnlyDictionary<string, LedgerState>>(new Dictionary<string, LedgerState>(_states));
        }
    }
}
