namespace CivicTrust.Documents;

/// <summary>
/// Paging over entries kept in index order (the state-changing log, the raw log) that never splits the documents of
/// one log entry (a batch): a reader pages on with the last index it saw plus one, so a page that ended inside a
/// batch would make it skip the batch's rest.
/// </summary>
internal static class LogPage
{
    /// <summary>
    /// The range [start, end) of the <paramref name="count"/> entries from <paramref name="fromIndex"/> on: at most
    /// <paramref name="limit"/>. The page stops before a batch that does not fit whole; only a first batch larger than
    /// <paramref name="limit"/> is returned whole, beyond the limit, so paging always moves.
    /// </summary>
    /// <param name="count">How many entries there are.</param>
    /// <param name="indexOf">The log index of the entry at a position; non-decreasing.</param>
    /// <param name="fromIndex">The first log index wanted.</param>
    /// <param name="limit">The most entries wanted.</param>
    public static (int Start, int End) Of(int count, Func<int, long> indexOf, long fromIndex, int limit)
    {
        var start = FirstAtOrAfter(count, indexOf, fromIndex);
        var end = start + Math.Min(limit, count - start);
        if (end <= start)
        {
            return (start, start);
        }

        if (end < count)
        {
            // Back off to the start of the batch the limit falls inside, if it falls inside one.
            var cut = end;
            while (cut > start && indexOf(cut - 1) == indexOf(end))
            {
                cut--;
            }

            end = cut > start ? cut : Extent(count, indexOf, start);
        }

        return (start, end);
    }

    // One past the last entry sharing the index of the entry at start.
    private static int Extent(int count, Func<int, long> indexOf, int start)
    {
        var end = start + 1;
        while (end < count && indexOf(end) == indexOf(start))
        {
            end++;
        }

        return end;
    }

    private static int FirstAtOrAfter(int count, Func<int, long> indexOf, long index)
    {
        int low = 0, high = count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (indexOf(middle) < index)
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
