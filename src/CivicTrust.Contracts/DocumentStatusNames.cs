namespace CivicTrust.Contracts;

/// <summary>The document states as they appear on the wire.</summary>
public static class DocumentStatusNames
{
    /// <summary>Appended to the leader's log, not yet committed by a majority.</summary>
    public const string Pending = "PENDING";

    /// <summary>Committed by a majority and applied: the document is issued, for good.</summary>
    public const string Committed = "COMMITTED";

    /// <summary>Fenced: the hash can never be issued again.</summary>
    public const string Aborted = "ABORTED";
}
