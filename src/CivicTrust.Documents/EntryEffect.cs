namespace CivicTrust.Documents;

/// <summary>What one committed log entry did to the registry, as the raw log reports it.</summary>
public enum EntryEffect
{
    /// <summary>The first issue of the hash: the document was committed.</summary>
    Issued,

    /// <summary>The first abort of the hash: it was fenced.</summary>
    Aborted,

    /// <summary>A retry of the decision already taken (issue after issue, abort after abort): no change.</summary>
    Absorbed,

    /// <summary>The opposite of the decision already taken (issue after abort, abort after issue): refused.</summary>
    Refused,
}
