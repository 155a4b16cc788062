namespace CivicTrust.Documents;

/// <summary>Applied state of a document hash. The first terminal state wins and never changes.</summary>
public enum DocumentStatus
{
    /// <summary>The hash was issued.</summary>
    Committed = 1,

    /// <summary>The hash was fenced and can never be issued.</summary>
    Aborted = 2,
}
