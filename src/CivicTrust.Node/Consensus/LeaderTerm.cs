using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// The term in which this node leads, as it was when it became leader: the term every entry it appends must carry.
/// </summary>
/// <remarks>
/// DotNext's <c>ReplicateAsync(payload)</c> stamps an entry with the node's current term. A leader that hears of a
/// higher term first raises its term (and flushes it to disk) and only then steps down; an append in between is
/// stamped with the new term although it is still this node's own entry. It then sits at an index where the new
/// leader wrote a different entry in the same term, so Raft's consistency check passes over it and this member keeps
/// and applies it: a permanent divergence (seen in a soak's pause drill, docs/durability.md, "Stale tickets and
/// stale terms"). Stamped with the term it leads in, the entry is an ordinary stale entry the new leader overwrites.
/// </remarks>
public sealed class LeaderTerm
{
    private long _term;

    /// <summary>The term this node leads in, or 0 when it does not lead.</summary>
    public long Current => Volatile.Read(ref _term);

    /// <summary>Follows the cluster's leader changes; call before the cluster starts.</summary>
    public void Attach(IRaftCluster cluster) =>
        cluster.LeaderChanged += (_, leader) => Observe(leader is { IsRemote: false }, cluster.Term);

    /// <summary>Records a leader change: this node leads from <paramref name="term"/> on, or no longer leads.</summary>
    /// <remarks>DotNext raises the change while it moves to the new role, before any higher term can reach it.</remarks>
    public void Observe(bool thisNodeLeads, long term) => Volatile.Write(ref _term, thisNodeLeads ? term : 0);
}
