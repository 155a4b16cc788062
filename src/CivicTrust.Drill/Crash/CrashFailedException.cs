namespace CivicTrust.Drill.Crash;

/// <summary>The crash injector could not kill the node; the drill cannot go on.</summary>
public sealed class CrashFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrashFailedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CrashFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CrashFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
