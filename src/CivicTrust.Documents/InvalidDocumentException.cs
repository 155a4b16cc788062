namespace CivicTrust.Documents;

/// <summary>The submitted document or hash cannot be accepted; the message says why, in terms a client can act on.</summary>
public sealed class InvalidDocumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InvalidDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidDocumentException()
        : base("The document is invalid.")
    {
    }
}
