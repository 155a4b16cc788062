using CivicTrust.Documents;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Travels with a command through <c>ReplicateAsync</c>: DotNext hands it back to the leader's state machine as the
/// entry's context, which is how the request learns what applying its own entry did (issued, duplicate, refused).
/// </summary>
public sealed class ReplicationTicket
{
    /// <summary>Set by the state machine when the entry is applied on this node.</summary>
    public ApplyResult? Result { get; set; }
}
