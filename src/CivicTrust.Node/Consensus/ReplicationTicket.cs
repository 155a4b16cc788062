using CivicTrust.Documents;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Travels with an entry through <c>ReplicateAsync</c>: DotNext hands it back to the leader's state machine as the
/// entry's context, which is how the requests learn what applying their own commands did (issued, duplicate, refused).
/// </summary>
public sealed class ReplicationTicket
{
    /// <summary>Set by the state machine when the entry is applied on this node: one result per command, in order.</summary>
    public ApplyResult[]? Results { get; set; }
}
