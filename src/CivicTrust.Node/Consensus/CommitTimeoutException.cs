namespace CivicTrust.Node.Consensus;

/// <summary>A write's entry did not commit in time; it may still commit later, so the client must retry.</summary>
public sealed class CommitTimeoutException : Exception
{
    /// <summary>Creates the exception for the timeout that elapsed.</summary>
    public CommitTimeoutException(TimeSpan timeout, Exception innerException)
        : base($"The entry was not committed within {timeout.TotalSeconds:0.#} s (no quorum?); its outcome is unknown.", innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CommitTimeoutException()
        : base("The entry was not committed in time; its outcome is unknown.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public CommitTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CommitTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
