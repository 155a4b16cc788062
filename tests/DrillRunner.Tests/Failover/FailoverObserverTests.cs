using CivicTrust.Contracts;
using CivicTrust.Drill.Failover;

namespace CivicTrust.DrillRunner.Tests.Failover;

public sealed class FailoverObserverTests
{
    private static ClusterStatusResponse Status(string id, string role, string? leader) => new(id, role, 3, leader, 1, 10, 10, 5, 0, new SecurityStatusResponse(false, false, true));

    [Fact]
    public void Agreement_needs_every_survivor_on_one_leader_that_names_itself()
    {
        var leader = Status("node-b", ClusterRoleNames.Leader, "http://b");
        Assert.Same(leader, FailoverObserver.Agreement([leader, Status("node-c", ClusterRoleNames.Follower, "http://b")], "node-a"));

        Assert.Null(FailoverObserver.Agreement([leader, Status("node-c", ClusterRoleNames.Follower, "http://a")], "node-a"));
        Assert.Null(FailoverObserver.Agreement([leader, Status("node-c", ClusterRoleNames.Candidate, null)], "node-a"));
        Assert.Null(FailoverObserver.Agreement([leader, null], "node-a"));
        Assert.Null(FailoverObserver.Agreement([Status("node-b", ClusterRoleNames.Follower, "http://a"), Status("node-c", ClusterRoleNames.Follower, "http://a")], "node-a"));
        Assert.Null(FailoverObserver.Agreement([Status("node-a", ClusterRoleNames.Leader, "http://a")], "node-a"));
    }
}
