namespace CivicTrust.Contracts;

/// <summary>Effects of a <see cref="RawLogEntryResponse"/>.</summary>
public static class LogEntryEffectNames
{
    /// <summary>The first issue of the hash committed the document.</summary>
    public const string Issued = "issued";

    /// <summary>The first abort of the hash fenced it.</summary>
    public const string Aborted = "aborted";

    /// <summary>A retry of the decision already taken: no change.</summary>
    public const string Absorbed = "absorbed";

    /// <summary>The opposite of the decision already taken: refused.</summary>
    public const string Refused = "refused";
}
