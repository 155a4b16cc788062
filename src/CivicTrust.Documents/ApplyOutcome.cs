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

    /// <summary>The key was admitted.</summary>
    KeyAdded,

    /// <summary>The key was revoked.</summary>
    KeyRevoked,

    /// <summary>The key was already admitted for that issuer, or already revoked: a retry, absorbed.</summary>
    KeyUnchanged,

    /// <summary>The key command was refused: a revoked key is never admitted again, a key writes for one issuer only.</summary>
    KeyRefused,

    /// <summary>An issue or abort made with a key revoked at a lower index: refused, nothing decided.</summary>
    RevokedKeyRefused,
}
