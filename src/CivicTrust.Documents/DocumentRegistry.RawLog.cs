namespace CivicTrust.Documents;

/// <summary>
/// The raw log: every committed entry this registry applied, absorbed retries and refusals included, so a verifier
/// can recompute each entry's effect instead of trusting the state-changing view. Bounded by snapshots: what a
/// snapshot compacts is dropped here too, and <see cref="RawLogPage.AvailableFrom"/> says where the view starts.
/// </summary>
public sealed partial class DocumentRegistry
{
    private readonly List<RawEntry> _raw = [];
    private long _rawFrom = 1;

    /// <summary>
    /// Raw entries from index <paramref name="fromIndex"/> on: at most <paramref name="limit"/>, cut only between log
    /// entries (see <see cref="PageOf{T}"/>).
    /// </summary>
    public RawLogPage ReadRawLog(long fromIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            return new RawLogPage(_rawFrom, PageOf(_raw, fromIndex, limit, static e => e.Index));
        }
    }

    // Called under the gate by Apply.
    private void Journal(long index, long term, int position, DocumentCommand command, ApplyOutcome outcome)
    {
        if (RawEntry.EffectOf(outcome) is { } effect)
        {
            _raw.Add(new RawEntry(index, term, command.Kind, command.Hash, effect, position));
        }
    }

    // Called under the gate when a snapshot through lastApplied is written or restored.
    private void CompactRawLog(long throughIndex)
    {
        _raw.RemoveAll(e => e.Index <= throughIndex);
        _rawFrom = Math.Max(_rawFrom, throughIndex + 1);
    }
}
