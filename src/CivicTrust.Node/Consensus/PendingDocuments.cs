using System.Collections.Concurrent;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Hashes this node has appended as leader and is waiting to see committed: what <c>GET /documents/{hash}</c>
/// reports as PENDING, and whose issuer an abort must come from. Counted, since concurrent retries of one document
/// may be in flight together.
/// </summary>
public sealed class PendingDocuments
{
    private readonly ConcurrentDictionary<string, (int Count, string Issuer)> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Whether an issue of <paramref name="hash"/> is awaiting commit here.</summary>
    public bool Contains(string hash) => _inFlight.ContainsKey(hash);

    /// <summary>The issuer of the first pending issue of <paramref name="hash"/>, or <see langword="null"/> when none is pending.</summary>
    public string? IssuerOf(string hash) => _inFlight.TryGetValue(hash, out var entry) ? entry.Issuer : null;

    /// <summary>Marks <paramref name="hash"/> pending (issued by <paramref name="issuer"/>) until the returned scope is disposed.</summary>
    public Scope Track(string hash, string issuer)
    {
        _inFlight.AddOrUpdate(hash, (1, issuer), static (_, entry) => (entry.Count + 1, entry.Issuer));
        return new Scope(this, hash);
    }

    private void Release(string hash)
    {
        while (true)
        {
            var entry = _inFlight[hash];
            if (entry.Count == 1
                ? _inFlight.TryRemove(new KeyValuePair<string, (int, string)>(hash, entry))
                : _inFlight.TryUpdate(hash, (entry.Count - 1, entry.Issuer), entry))
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
