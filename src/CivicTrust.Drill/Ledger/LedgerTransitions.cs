namespace CivicTrust.Drill.Ledger;

/// <summary>
/// The one rule for changing a document's ledger state: evidence is never overwritten. An acknowledgement can only
/// be confirmed (committed), never replaced by a later "aborted" or "submitted"; a verdict (committed, aborted) is
/// final. A write that would contradict a verdict is refused and kept as a finding, since a document both
/// acknowledged and aborted is exactly what a broken cluster produces.
/// </summary>
public static class LedgerTransitions
{
    /// <summary>Whether a document in <paramref name="current"/> (none yet when <see langword="null"/>) may be recorded as <paramref name="next"/>.</summary>
    public static bool Allows(LedgerState? current, LedgerState next) => current switch
    {
        null or LedgerState.Submitted => true,
        LedgerState.Acknowledged => next is LedgerState.Acknowledged or LedgerState.Committed,
        _ => next == current,
    };

    /// <summary>Whether recording <paramref name="next"/> over <paramref name="current"/> contradicts what the cluster already said.</summary>
    public static bool Contradicts(LedgerState? current, LedgerState next) =>
        (current is LedgerState.Acknowledged or LedgerState.Committed && next == LedgerState.Aborted)
        || (current == LedgerState.Aborted && next is LedgerState.Acknowledged or LedgerState.Committed);

    /// <summary>How a refused contradiction reads in the report.</summary>
    public static string Describe(string hash, LedgerState current, LedgerState next) =>
        $"{hash} was {current} and then reported {next}: the cluster contradicted itself about this document.";
}
