namespace CivicTrust.Contracts;

/// <summary>Kinds of <see cref="LogEntryResponse"/>.</summary>
public static class LogEntryKindNames
{
    /// <summary>The entry issued the document.</summary>
    public const string Issue = "issue";

    /// <summary>The entry fenced the hash.</summary>
    public const string Abort = "abort";
}
