using System.Reflection;
using CivicTrust.Node.Consensus;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Tests.Consensus;

/// <summary>
/// Entries carry the term this node leads in, not whatever term it has heard of since: a deposed leader's late append
/// must be an ordinary stale entry, never one stamped with the new leader's term.
/// </summary>
public sealed class RaftCommitLogTests
{
    private readonly LeaderTerm _leaderTerm = new();

    [Fact]
    public async Task An_entry_is_stamped_with_the_term_this_node_leads_in()
    {
        var cluster = FakeCluster.Create(term: 12);
        _leaderTerm.Observe(thisNodeLeads: true, term: 12);
        var ticket = new ReplicationTicket([1, 2, 3]);

        await LogOver(cluster).ReplicateAsync([1, 2, 3], ticket, CancellationToken.None);

        var entry = Assert.IsType<BinaryLogEntry>(Assert.Single(cluster.Replicated));
        Assert.Equal(12, entry.Term);
        Assert.Same(ticket, entry.Context);
        Assert.True(Documents.Integrity.EntrySeal.TryOpen(12, entry.Content.Span, out var body, out _), "the entry is sealed with its term");
        Assert.Equal([1, 2, 3], body.ToArray());
    }

    [Fact]
    public async Task A_leader_that_heard_of_a_later_term_appends_nothing()
    {
        // Its term was raised (and is being flushed) but it has not stepped down yet: DotNext would stamp term 13.
        var cluster = FakeCluster.Create(term: 13);
        _leaderTerm.Observe(thisNodeLeads: true, term: 12);

        await Assert.ThrowsAsync<NotLeaderException>(() =>
            LogOver(cluster).ReplicateAsync([1], new ReplicationTicket([1]), CancellationToken.None));
        Assert.Empty(cluster.Replicated);
    }

    [Fact]
    public async Task A_node_that_does_not_lead_appends_nothing()
    {
        var cluster = FakeCluster.Create(term: 12);
        _leaderTerm.Observe(thisNodeLeads: false, term: 12);

        await Assert.ThrowsAsync<NotLeaderException>(() =>
            LogOver(cluster).ReplicateAsync([1], new ReplicationTicket([1]), CancellationToken.None));
        Assert.Empty(cluster.Replicated);
    }

    private RaftCommitLog LogOver(FakeCluster cluster) => new((IRaftCluster)cluster, _leaderTerm, () => cluster.Term);

    // IRaftCluster is large; the commit log uses its ReplicateAsync only (the term comes through the delegate), and
    // anything else fails the test.
    public class FakeCluster : DispatchProxy
    {
        public long Term { get; private set; }

        public List<object> Replicated { get; } = [];

        public static FakeCluster Create(long term)
        {
            var proxy = (FakeCluster)(object)Create<IRaftCluster, FakeCluster>();
            proxy.Term = term;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "ReplicateAsync" when args is [{ } entry, CancellationToken]:
                    Replicated.Add(entry);
                    return ValueTask.CompletedTask;
                default:
                    throw new NotSupportedException($"The commit log should not call {targetMethod?.Name}.");
            }
        }
    }
}
