namespace CivicTrust.Drill.Ledger;

/// <summary>
/// The drill's record of every document it submitted, kept outside the drill process so verification never
/// depends on the drill's own memory (and survives the drill runner crashing too).
/// </summary>
public interface IDrillLedger
{
    /// <summary>Where the ledger lives, for the report.</summary>
    string Description { get; }

    /// <summary>
    /// Records <paramref name="state"/> for <paramref name="hash"/> when <see cref="LedgerTransitions.Allows"/> lets it
    /// replace the current one; a contradiction is kept in <see cref="Contradictions"/> instead.
    /// </summary>
    Task RecordAsync(string hash, LedgerState state);

    /// <summary>Writes refused because they contradicted a verdict (see <see cref="LedgerTransitions"/>).</summary>
    IReadOnlyCollection<string> Contradictions { get; }

    /// <summary>Every recorded hash and its latest state.</summary>
    Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync();
}
