namespace CivicTrust.Documents;

/// <summary>What applying one command did.</summary>
public enum ApplyOutcome
{
    /// <summary>A new document was committed.</summary>
    Issued,

    /// <summary>The hash was already committed: a retry, absorbed.</summary>
    DuplicateIssue,

    /// <summary>The hash is fenced: the issue was refused.</summary>
    IssueRefused,

    /// <summary>The hash was fenced.</summary>
    Aborted,

    /// <summary>The hash was already fenced: a retry, absorbed.</summary>
    DuplicateAbort,

    /// <summary>The hash was committed first: the abort was refused.</summary>
    AbortRefused,

    /// <summary>The entry's index was already applied (replay after a restart): nothing changed.</summary>
    AlreadyApplied,
}
