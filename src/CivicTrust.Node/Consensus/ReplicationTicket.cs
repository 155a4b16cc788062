using CivicTrust.Documents;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Travels with an entry through <c>ReplicateAsync</c>: DotNext hands it back to the leader's state machine as the
/// entry's context, which is how the requests learn what applying their own commands did (issued, duplicate, refused).
/// </summary>
/// <remarks>
/// DotNext 6.12 keeps contexts by log index and does not drop one when a new leader's entry overwrites that index on
/// a deposed leader: the new entry is applied with the old entry's ticket. Without a check the deposed leader's
/// waiting requests were answered with the results of other commands (another document's record under a 201), and a
/// client took documents for acknowledged that no majority had. So the ticket knows its payload, and only the entry
/// carrying exactly that payload may fill it (<see cref="IsFor"/>); see docs/durability.md, "Stale tickets".
/// </remarks>
/// <param name="payload">The bytes of the entry the ticket was appended with.</param>
public sealed class ReplicationTicket(byte[] payload)
{
    /// <summary>The entry's bytes, as appended.</summary>
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>Set by the state machine when the entry is applied on this node: one result per command, in order.</summary>
    public ApplyResult[]? Results { get; set; }

    /// <summary>Whether the applied entry with <paramref name="payload"/> is the one this ticket was appended with.</summary>
    public bool IsFor(ReadOnlySpan<byte> payload) => payload.SequenceEqual(Payload.Span);
}
