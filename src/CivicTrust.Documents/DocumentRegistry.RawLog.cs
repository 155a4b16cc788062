using CivicTrust.Documents.Table;

namespace CivicTrust.Documents;

/// <summary>
/// The raw log: every committed entry this registry applied, absorbed retries and refusals included, so a verifier
/// can recompute each entry's effect instead of trusting the state-changing view. Bounded by snapshots: what a
/// snapshot compacts is dropped here too, and <see cref="RawLogPage.AvailableFrom"/> says where the view starts.
/// </summary>
public sealed partial class DocumentRegistry
{
    private readonly List<RawRow> _raw = [];
    private long _rawFrom = 1;

    /// <summary>
    /// Raw entries from index <paramref name="fromIndex"/> on: at most <paramref name="limit"/>, cut only between log
    /// entries (see <see cref="LogPage"/>).
    /// </summary>
    public RawLogPage ReadRawLog(long fromIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            var (start, end) = LogPage.Of(_raw.Count, row => _raw[row].Index, fromIndex, limit);
            var page = new List<RawEntry>(end - start);
            for (var row = start; row < end; row++)
            {
                page.Add(_raw[row].ToEntry());
            }

            return new RawLogPage(_rawFrom, page);
        }
    }

    // Called under the gate by Apply.
    private void Journal(in DocumentKey key, long index, long term, int position, DocumentCommandKind kind, ApplyOutcome outcome)
    {
        if (RawEntry.EffectOf(outcome) is { } effect)
        {
            _raw.Add(new RawRow(key, index, term, position, kind, effect));
        }
    }

    // Called under the gate when a snapshot through lastApplied is written or restored.
    private void CompactRawLog(long throughIndex)
    {
        // The raw log is in index order: what is compacted is a prefix.
        var (compacted, _) = LogPage.Of(_raw.Count, row => _raw[row].Index, throughIndex + 1, 0);
        _raw.RemoveRange(0, compacted);
        _rawFrom = Math.Max(_rawFrom, throughIndex + 1);
    }
}
