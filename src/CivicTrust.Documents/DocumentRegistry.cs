using CivicTrust.Documents.Table;

namespace CivicTrust.Documents;

/// <summary>
/// The replicated document state: every replica applies the same committed entries in the same order and so reaches
/// the same records. De-duplication happens here, at apply time, because the Raft log itself may hold any number of
/// retries of one document (a client retry, a forward that timed out, a leader change mid-request).
/// </summary>
/// <remarks>
/// Rules, identical on every replica: the first terminal entry of a hash wins. An issue of a committed hash is a
/// duplicate (absorbed); an issue of an aborted hash is refused; an abort of a committed hash is refused; an abort of
/// an aborted hash is a duplicate. Entries are applied by one thread; queries may come from any thread.
/// </remarks>
public sealed partial class DocumentRegistry
{
    private readonly Lock _gate = new();

    // Only state-changing entries, in index order: the records, the /log view and the snapshot's content at once.
    // Replaced whole by a restore; a captured snapshot keeps the table it was captured from.
    private DocumentTable _table = new();

    private long _lastApplied;
    private long _duplicatesSkipped;
    private long _issuesRefused;

    /// <summary>Applies the committed entry at <paramref name="index"/>.</summary>
    /// <param name="index">Raft log index; entries must arrive in increasing order.</param>
    /// <param name="term">Raft term of the entry.</param>
    /// <param name="command">The decoded payload.</param>
    public ApplyResult Apply(long index, long term, DocumentCommand command) => ApplyBatch(index, term, [command])[0];

    /// <summary>
    /// Applies the committed entry at <paramref name="index"/> that carries <paramref name="commands"/> (a batch):
    /// in order, each as if it were an entry of its own, at its position. A hash twice in one batch is decided by its
    /// first command, exactly as across entries.
    /// </summary>
    /// <param name="index">Raft log index; entries must arrive in increasing order.</param>
    /// <param name="term">Raft term of the entry.</param>
    /// <param name="commands">The decoded payload.</param>
    /// <returns>One result per command, in order.</returns>
    public ApplyResult[] ApplyBatch(long index, long term, IReadOnlyList<DocumentCommand> commands)
    {
        var results = new ApplyResult[commands.Count];
        lock (_gate)
        {
            if (index <= _lastApplied)
            {
                // A replay of an entry already in this state (e.g. log entries after a snapshot): counting it again
                // would inflate the counters.
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = new ApplyResult(ApplyOutcome.AlreadyApplied, FindLocked(commands[i].Hash));
                }

                return results;
            }

            _lastApplied = index;

            // Key changes take effect for their whole entry: a revocation refuses every write of its key in the entry
            // that carries it, whatever its place, so that "revoked at index i" means no write of the key at i or later.
            for (var position = 0; position < results.Length; position++)
            {
                if (commands[position].IsKeyCommand)
                {
                    results[position] = ApplyKey(index, commands[position]);
                }
            }

            for (var position = 0; position < results.Length; position++)
            {
                var command = commands[position];
                if (command.IsKeyCommand)
                {
                    continue;
                }

                // Decided here, not when the request was authenticated: a write checked before the revocation may
                // still reach the log after it, and must not be applied there on any member.
                if (_keys.IsRevoked(command.KeyId))
                {
                    results[position] = new ApplyResult(ApplyOutcome.RevokedKeyRefused, FindLocked(command.Hash), _keys.ById(command.KeyId));
                    continue;
                }

                var key = DocumentKey.Parse(command.Hash);
                var existing = _table.TryFind(key, out var row) ? RecordAt(row) : null;
                var result = command.Kind switch
                {
                    DocumentCommandKind.Issue => ApplyIssue(new DecidedDocument(key, index, term, position, DecidedDocument.Aborted), command, existing),
                    DocumentCommandKind.Abort => ApplyAbort(new DecidedDocument(key, index, term, position, DecidedDocument.Aborted), command, existing),
                    _ => throw new ArgumentOutOfRangeException(nameof(commands), command.Kind, "Unknown command kind."),
                };
                Journal(key, index, term, position, command.Kind, result.Outcome);
                results[position] = result;
            }
        }

        return results;
    }

    /// <summary>Records that the entry at <paramref name="index"/> carried no document command (e.g. Raft's no-op).</summary>
    public void Skip(long index)
    {
        lock (_gate)
        {
            _lastApplied = Math.Max(_lastApplied, index);
        }
    }

    // `decided` is the row the command would add, issuer not yet interned (only a new issue names one).
    private ApplyResult ApplyIssue(DecidedDocument decided, DocumentCommand command, DocumentRecord? existing)
    {
        switch (existing?.Status)
        {
            case DocumentStatus.Committed:
                _duplicatesSkipped++;
                return new ApplyResult(ApplyOutcome.DuplicateIssue, existing);
            case DocumentStatus.Aborted:
                _issuesRefused++;
                return new ApplyResult(ApplyOutcome.IssueRefused, existing);
            default:
                _table.Add(decided with { Issuer = _table.Issuers.Intern(command.Issuer) });
                return new ApplyResult(ApplyOutcome.Issued, new DocumentRecord(command.Hash, DocumentStatus.Committed, decided.Index, decided.Term, command.Issuer, decided.Position));
        }
    }

    private ApplyResult ApplyAbort(DecidedDocument decided, DocumentCommand command, DocumentRecord? existing)
    {
        switch (existing?.Status)
        {
            case DocumentStatus.Committed:
                return new ApplyResult(ApplyOutcome.AbortRefused, existing);
            case DocumentStatus.Aborted:
                _duplicatesSkipped++;
                return new ApplyResult(ApplyOutcome.DuplicateAbort, existing);
            default:
                _table.Add(decided);
                return new ApplyResult(ApplyOutcome.Aborted, new DocumentRecord(command.Hash, DocumentStatus.Aborted, decided.Index, decided.Term, null, decided.Position));
        }
    }
}
