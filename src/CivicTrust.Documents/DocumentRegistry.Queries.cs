namespace CivicTrust.Documents;

/// <summary>Read side of the registry: answers from applied state only.</summary>
public sealed partial class DocumentRegistry
{
    /// <summary>The decided record of <paramref name="hash"/>, if any entry decided it yet.</summary>
    public DocumentRecord? Find(string hash)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(hash);
        }
    }

    /// <summary>The counters, read together.</summary>
    public RegistryStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new RegistryStatistics(_lastApplied, _committed, _records.Count - _committed, _duplicatesSkipped, _issuesRefused);
            }
        }
    }

    /// <summary>State-changing entries with index ≥ <paramref name="fromIndex"/>, in order, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<AppliedEntry> ReadLog(long fromIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            var start = FirstAtOrAfter(fromIndex);
            var count = Math.Min(limit, _log.Count - start);
            return count <= 0 ? [] : _log.GetRange(start, count);
        }
    }

    // _log is sorted by index (entries are applied in order), so a binary search finds the page start.
    private int FirstAtOrAfter(long index) => FirstAtOrAfter(_log, index, static e => e.Index);

    // Both the state-changing log and the raw log are kept in index order.
    private static int FirstAtOrAfter<T>(List<T> entries, long index, Func<T, long> indexOf)
    {
        int low = 0, high = entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (indexOf(entries[middle]) < index)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
