namespace CivicTrust.Documents;

/// <summary>
/// Issuer keys decided through the log: admitted at run time, or revoked. Every member applies a key command at the
/// same index, so every member refuses a revoked key's writes from the same index on, forwarded writes included.
/// </summary>
/// <remarks>
/// Key entries are not documents: they stay out of the document table and the raw log (whose readers recompute every
/// document's decision), and are snapshotted with the counters instead (<see cref="RegistrySnapshot.Keys"/>).
/// </remarks>
public sealed partial class DocumentRegistry
{
    // Replaced whole under the gate by the apply thread; read without it.
    private volatile IssuerKeyBook _keys = IssuerKeyBook.Empty;

    /// <summary>The keys the log has admitted or revoked, as of the last applied entry.</summary>
    public IssuerKeyBook Keys => _keys;

    // Called under the gate. A revoked key stays revoked: admitting it again would undo the revocation for every write
    // logged after the new admission, which is what revoking it was for.
    private ApplyResult ApplyKey(long index, DocumentCommand command)
    {
        var existing = _keys.ById(IssuerKeyId.Of(command.Hash));
        if (existing is not null && !string.Equals(existing.KeySha256, command.Hash, StringComparison.Ordinal))
        {
            return new ApplyResult(ApplyOutcome.KeyRefused, null, existing); // another key of the same id: 2^-64
        }

        (var outcome, var entry) = command.Kind switch
        {
            DocumentCommandKind.AddKey => existing switch
            {
                null => (ApplyOutcome.KeyAdded, new IssuerKeyEntry(command.Hash, command.Issuer, index, 0)),
                { IsRevoked: true } => (ApplyOutcome.KeyRefused, existing),
                _ when !string.Equals(existing.Issuer, command.Issuer, StringComparison.Ordinal) => (ApplyOutcome.KeyRefused, existing),
                _ => (ApplyOutcome.KeyUnchanged, existing),
            },
            _ => existing switch
            {
                null => (ApplyOutcome.KeyRevoked, new IssuerKeyEntry(command.Hash, command.Issuer, 0, index)),
                { IsRevoked: true } => (ApplyOutcome.KeyUnchanged, existing),
                _ => (ApplyOutcome.KeyRevoked, existing with { RevokedIndex = index }),
            },
        };

        if (outcome is ApplyOutcome.KeyAdded or ApplyOutcome.KeyRevoked)
        {
            _keys = _keys.With(entry);
        }

        return new ApplyResult(outcome, null, entry);
    }
}
