namespace CivicTrust.Drill.Ledger;

/// <summary>What the drill knows of a document, as recorded in the ledger.</summary>
public enum LedgerState
{
    /// <summary>About to be sent (recorded before the first attempt): in flight until something better is known.</summary>
    Submitted,

    /// <summary>A node acknowledged it (201, or 200 duplicate): the cluster promised it is committed.</summary>
    Acknowledged,

    /// <summary>Verified COMMITTED on the new leader.</summary>
    Committed,

    /// <summary>Fenced by the drill (or refused as already aborted): never issued.</summary>
    Aborted,
}
