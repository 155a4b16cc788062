using CivicTrust.Documents.Table;

namespace CivicTrust.Documents;

/// <summary>Read side of the registry: answers from applied state only.</summary>
public sealed partial class DocumentRegistry
{
    /// <summary>The decided record of <paramref name="hash"/>, if any entry decided it yet.</summary>
    public DocumentRecord? Find(string hash)
    {
        lock (_gate)
        {
            return FindLocked(hash);
        }
    }

    /// <summary>The counters, read together.</summary>
    public RegistryStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new RegistryStatistics(_lastApplied, _table.Committed, _table.Count - _table.Committed, _duplicatesSkipped, _issuesRefused);
            }
        }
    }

    /// <summary>
    /// State-changing entries with index ≥ <paramref name="fromIndex"/>, in order: at most <paramref name="limit"/>,
    /// cut only between log entries (see <see cref="LogPage"/>).
    /// </summary>
    public IReadOnlyList<AppliedEntry> ReadLog(long fromIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            var table = _table;
            var (start, end) = LogPage.Of(table.Count, row => table[row].Index, fromIndex, limit);
            var page = new List<AppliedEntry>(end - start);
            for (var row = start; row < end; row++)
            {
                page.Add(EntryAt(row));
            }

            return page;
        }
    }

    // Called under the gate.
    private DocumentRecord? FindLocked(string hash) =>
        DocumentKey.TryParse(hash, out var key) && _table.TryFind(key, out var row) ? RecordAt(row) : null;

    // Called under the gate.
    private DocumentRecord RecordAt(int row) => EntryAt(row).ToRecord();

    // Called under the gate. Rows hold no strings: the hash and the issuer's name are spelt out only when asked for.
    private AppliedEntry EntryAt(int row)
    {
        ref readonly var decided = ref _table[row];
        var issuer = decided.IsAbort ? null : _table.Issuers.NameOf(decided.Issuer);
        return new AppliedEntry(decided.Index, decided.Term, decided.Kind, decided.Key.ToString(), issuer, decided.Position);
    }
}
