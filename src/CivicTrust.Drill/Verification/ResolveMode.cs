namespace CivicTrust.Drill.Verification;

/// <summary>How the drill settles documents still in flight after the fault (<c>--resolve</c>).</summary>
public enum ResolveMode
{
    /// <summary>
    /// <c>fence</c> (the default): a document the new leader does not hold as COMMITTED is aborted. The abort is a log
    /// entry of its own, so the document can never commit later: every in-flight document is decided in one round trip
    /// per document, whatever the cluster was still doing with it, which is what a release gate needs to end.
    /// </summary>
    Fence,

    /// <summary>
    /// <c>retry</c>: a document not yet COMMITTED is sent again, the same document, until the cluster decides it, as an
    /// issuer that must get its document out would. Exercises idempotent resubmission: a document must come back
    /// COMMITTED once, never twice.
    /// </summary>
    Retry,
}
