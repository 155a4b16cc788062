namespace CivicTrust.Documents;

/// <summary>One committed log entry as it was applied, retries and refusals included (the raw log).</summary>
/// <param name="Index">Raft log index.</param>
/// <param name="Term">Raft term.</param>
/// <param name="Kind">Issue or abort.</param>
/// <param name="Hash">Lower-case hex SHA-256.</param>
/// <param name="Effect">What applying it did.</param>
/// <param name="Position">The command's place within its log entry (0 unless the entry is a batch).</param>
public sealed record RawEntry(long Index, long Term, DocumentCommandKind Kind, string Hash, EntryEffect Effect, int Position = 0)
{
    /// <summary>The effect of an apply outcome; <see langword="null"/> for a replay that changed nothing.</summary>
    public static EntryEffect? EffectOf(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Issued => EntryEffect.Issued,
        ApplyOutcome.Aborted => EntryEffect.Aborted,
        ApplyOutcome.DuplicateIssue or ApplyOutcome.DuplicateAbort => EntryEffect.Absorbed,
        ApplyOutcome.IssueRefused or ApplyOutcome.AbortRefused => EntryEffect.Refused,
        _ => null,
    };
}
