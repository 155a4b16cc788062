namespace CivicTrust.DrillRunner.Ledger;

/// <summary>
/// The drill's record of every document it submitted, kept outside the drill process so verification never
/// depends on the drill's own memory (and survives the drill runner crashing too).
/// </summary>
public interface IDrillLedger
{
    /// <summary>Where the ledger lives, for the report.</summary>
    string Description { get; }

    /// <summary>Records <paramref name="state"/> for <paramref name="hash"/>.</summary>
    Task RecordAsync(string hash, LedgerState state);

    /// <summary>Every recorded hash and its latest state.</summary>
    Task<IReadOnlyDictionary<string, LedgerState>> ReadAllAsync();
}
