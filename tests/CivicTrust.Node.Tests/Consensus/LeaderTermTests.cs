using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Tests.Consensus;

public sealed class LeaderTermTests
{
    [Fact]
    public void The_term_is_the_one_this_node_became_leader_in_until_it_stops_leading()
    {
        var leaderTerm = new LeaderTerm();
        Assert.Equal(0, leaderTerm.Current);

        leaderTerm.Observe(thisNodeLeads: true, term: 12);
        Assert.Equal(12, leaderTerm.Current);

        leaderTerm.Observe(thisNodeLeads: false, term: 13);
        Assert.Equal(0, leaderTerm.Current);

        leaderTerm.Observe(thisNodeLeads: true, term: 15);
        Assert.Equal(15, leaderTerm.Current);
    }
}
