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

    /// <summary>
    /// State-changing entries with index ≥ <paramref name="fromIndex"/>, in order: at most <paramref name="limit"/>,
    /// cut only between log entries (see <see cref="PageOf{T}"/>).
    /// </summary>
    public IReadOnlyList<AppliedEntry> ReadLog(long fromIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            return PageOf(_log, fromIndex, limit, static e => e.Index);
        }
    }

    /// <summary>
    /// A page of <paramref name="entries"/> from <paramref name="fromIndex"/> on that never splits the documents of
    /// one log entry (a batch): a reader pages on with the last index it saw plus one, so a page that ended inside a
    /// batch would make it skip the batch's rest. The page stops before a batch that does not fit whole; only a
    /// first batch larger than <paramref name="limit"/> is returned whole, beyond the limit, so paging always moves.
    /// </summary>
    private static List<T> PageOf<T>(List<T> entries, long fromIndex, int limit, Func<T, long> indexOf)
    {
        var start = FirstAtOrAfter(entries, fromIndex, indexOf);
        var end = start + Math.Min(limit, entries.Count - start);
        if (end <= start)
        {
            return [];
        }

        if (end < entries.Count)
        {
            // Back off to the start of the batch the limit falls inside, if it falls inside one.
            var cut = end;
            while (cut > start && indexOf(entries[cut - 1]) == indexOf(entries[end]))
            {
                cut--;
            }

            end = cut > start ? cut : Extent(entries, start, indexOf);
        }

        return entries.GetRange(start, end - start);
    }

    // One past the last entry sharing the index of entries[start].
    private static int Extent<T>(List<T> entries, int start, Func<T, long> indexOf)
    {
        var end = start + 1;
        while (end < entries.Count && indexOf(entries[end]) == indexOf(entries[start]))
        {
            end++;
        }

        return end;
    }

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
