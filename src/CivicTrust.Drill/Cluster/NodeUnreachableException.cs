namespace CivicTrust.Drill.Cluster;

/// <summary>The node did not answer: connection refused or reset, or no answer within the request timeout.</summary>
public sealed class NodeUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="endpoint"/>.</summary>
    public NodeUnreachableException(Uri endpoint, Exception innerException)
        : base($"{endpoint} did not answer: {innerException.Message}", innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeUnreachableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
