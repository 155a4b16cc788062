using System.Collections.Concurrent;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Hashes this node has appended as leader and is waiting to see committed: what <c>GET /documents/{hash}</c>
/// reports as PENDING. Counted, since concurrent retries of one document may be in flight together.
/// </summary>
public sealed class PendingDocuments
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Whether an issue of <paramref name="hash"/> is awaiting commit here.</summary>
    public bool Contains(string hash) => _inFlight.ContainsKey(hash);

    /// <summary>Marks <paramref name="hash"/> pending until the returned scope is disposed.</summary>
    public Scope Track(string hash)
    {
        _inFlight.AddOrUpdate(hash, 1, static (_, count) => count + 1);
        return new Scope(this, hash);
    }

    private void Release(string hash)
    {
        while (true)
        {
            var count = _inFlight[hash];
            if (count == 1 ? _inFlight.TryRemove(new KeyValuePair<string, int>(hash, 1)) : _inFlight.TryUpdate(hash, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>Ends the pending mark of one request.</summary>
    public readonly struct Scope(PendingDocuments owner, string hash) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => owner.Release(hash);
    }
}
