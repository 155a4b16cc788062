namespace CivicTrust.Documents;

/// <summary>What a log entry asks the state machine to do. The byte values are the on-disk format.</summary>
public enum DocumentCommandKind : byte
{
    /// <summary>Issue the document (idempotent).</summary>
    Issue = 1,

    /// <summary>Fence the hash unless it is already committed.</summary>
    Abort = 2,

    /// <summary>Admit an issuer key at run time: the command's hash is the key's SHA-256, its issuer the key's issuer.</summary>
    AddKey = 3,

    /// <summary>Revoke an issuer key for good: no write with it is applied after this entry, on any member.</summary>
    RevokeKey = 4,
}
