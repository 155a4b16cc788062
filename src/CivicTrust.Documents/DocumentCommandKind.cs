namespace CivicTrust.Documents;

/// <summary>What a log entry asks the state machine to do. The byte values are the on-disk format.</summary>
public enum DocumentCommandKind : byte
{
    /// <summary>Issue the document (idempotent).</summary>
    Issue = 1,

    /// <summary>Fence the hash unless it is already committed.</summary>
    Abort = 2,
}
