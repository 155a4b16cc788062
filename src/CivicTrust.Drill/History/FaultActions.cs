namespace CivicTrust.Drill.History;

/// <summary>
/// What a <see cref="FaultEvent"/> records, and which actions take a member away from its peers and which give it back:
/// the pairs the checkers judge availability by.
/// </summary>
public static class FaultActions
{
    /// <summary>The member's process was killed (SIGKILL, or a command).</summary>
    public const string Kill = "kill";

    /// <summary>The member lost power: killed, its disk keeping only what it synced.</summary>
    public const string PowerCut = "power-cut";

    /// <summary>A killed member was started again on its data directory.</summary>
    public const string Restart = "restart";

    /// <summary>The member was frozen (SIGSTOP).</summary>
    public const string Pause = "pause";

    /// <summary>The frozen member was thawed (SIGCONT).</summary>
    public const string Resume = "resume";

    /// <summary>The member was cut off from all its peers; the drill still reaches it.</summary>
    public const string Cut = "cut";

    /// <summary>The cut was removed.</summary>
    public const string Heal = "heal";

    /// <summary>A stopped member's disk was damaged (<see cref="FaultEvent.Detail"/>: the area).</summary>
    public const string Damage = "damage";

    /// <summary>The members up agreed on a leader (<see cref="FaultEvent.NodeId"/>), in the term <see cref="FaultEvent.Detail"/> gives.</summary>
    public const string Leader = "leader";

    /// <summary>
    /// A run-time issuer key (<see cref="FaultEvent.Key"/>) was admitted through <c>/admin/issuer-keys</c> by the member
    /// that answered; <see cref="FaultEvent.Index"/> is the entry that admitted it.
    /// </summary>
    public const string AdmitKey = "admit-key";

    /// <summary>The load began writing with the key <see cref="FaultEvent.Key"/> names (nothing was sent to a member).</summary>
    public const string UseKey = "use-key";

    /// <summary>
    /// The key <see cref="FaultEvent.Key"/> names was revoked; <see cref="FaultEvent.Index"/> is the revocation's entry, and
    /// the event's end is when the revocation was acknowledged.
    /// </summary>
    public const string RevokeKey = "revoke-key";

    /// <summary>
    /// A member listed the key <see cref="FaultEvent.Key"/> names (<c>GET /admin/issuer-keys</c>, its own applied state):
    /// <see cref="FaultEvent.Detail"/> is its state there (<c>active</c>, <c>revoked</c>, or <see cref="NotListed"/>) and
    /// <see cref="FaultEvent.Index"/> where it was revoked (0 while active).
    /// </summary>
    public const string KeyListed = "key-listed";

    /// <summary>The <see cref="FaultEvent.Detail"/> of a <see cref="KeyListed"/> whose member does not know the key.</summary>
    public const string NotListed = "not listed";

    /// <summary>Whether <paramref name="action"/> takes a member away from its peers.</summary>
    public static bool TakesAway(string action) => action is Kill or PowerCut or Pause or Cut;

    /// <summary>
    /// The action that gives back a member <paramref name="takenBy"/> took away (a restart after a kill or a power cut, a
    /// resume after a pause, a heal after a cut); <see langword="null"/> for an action that takes nothing away. A member
    /// may be taken away in more than one way at once (cut off, then killed), and each is given back on its own.
    /// </summary>
    public static string? GivenBackBy(string takenBy) => takenBy switch
    {
        Kill or PowerCut => Restart,
        Pause => Resume,
        Cut => Heal,
        _ => null,
    };
}
