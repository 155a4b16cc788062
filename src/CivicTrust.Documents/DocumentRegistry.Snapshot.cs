namespace CivicTrust.Documents;

/// <summary>
/// Snapshot of the registry. The records are derivable from the state-changing entries, so only those and the
/// counters are written; restore rebuilds the index.
/// </summary>
public sealed partial class DocumentRegistry
{
    /// <summary>
    /// Captures the current state for a snapshot, in constant time: the table's rows are append-only, so the state
    /// at this moment is its first rows, and the capture is their count. Serialising it is the caller's, on any thread.
    /// </summary>
    public RegistrySnapshot CaptureSnapshot()
    {
        lock (_gate)
        {
            // Whatever this snapshot holds, the log below it is compacted: the raw view starts after it.
            CompactRawLog(_lastApplied);
            return new RegistrySnapshot(_lastApplied, _duplicatesSkipped, _issuesRefused, _table, _table.Count, _keys.Entries);
        }
    }

    /// <summary>Writes the whole state to <paramref name="output"/>.</summary>
    public void WriteSnapshot(Stream output) => CaptureSnapshot().WriteTo(output);

    /// <summary>Replaces the whole state with the one written by <see cref="WriteSnapshot"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a registry snapshot.</exception>
    public void RestoreSnapshot(Stream input) =>
        // Read into a table of its own, outside the lock: the registry is untouched until the snapshot is known whole.
        Restore(RegistrySnapshot.ReadFrom(input));

    /// <summary>Replaces the whole state with <paramref name="snapshot"/>, read by <see cref="RegistrySnapshot.ReadFrom(Stream)"/> or from segments; the snapshot's table becomes the registry's.</summary>
    public void Restore(RegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var keys = IssuerKeyBook.Of(snapshot.Keys); // may refuse the snapshot: before anything is replaced
        lock (_gate)
        {
            _table = snapshot.Table;
            _lastApplied = snapshot.LastApplied;
            _raw.Clear();
            CompactRawLog(snapshot.LastApplied);
            _duplicatesSkipped = snapshot.DuplicatesSkipped;
            _issuesRefused = snapshot.IssuesRefused;
            _keys = keys;
        }
    }
}
