using System.Globalization;
using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Integration.Standalone;
using DotNext.Net.Cluster;
using Microsoft.AspNetCore.Connections;

namespace CivicTrust.Integration.Scale;

/// <summary>
/// A snapshot install the member has committed already. DotNext refuses it as outdated, and its leader takes any
/// refusal as "go back one entry", which below the snapshot is the same snapshot again: once a leader missed the answer
/// to an install, it sent the same snapshot over and over (a member that had lost its disk took 410 s to rejoin a
/// cluster of a million documents in bench/scale.sh). The member must answer it as installed. And an install it refuses
/// unread must still be answered at once: HTTP/1.1 lets the sender hear the answer only once its upload ends.
/// </summary>
public sealed class SnapshotResendTests
{
    private const string RaftPath = "/cluster-consensus/raft";

    // Far more than the loopback socket buffers hold, so an unread body blocks the upload.
    private const int BodyBytes = 48 * 1024 * 1024;

    [Fact]
    public async Task A_snapshot_the_member_holds_is_answered_as_installed_and_one_it_refuses_is_answered_at_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        using var http = cluster.NewHttpClient(TimeSpan.FromSeconds(20));
        // The leader's own term, a snapshot through an index the follower has committed: as a resend after a lost answer.
        // On a loaded machine an election may come between reading the term and sending: then read it again.
        ClusterStatusResponse before, status;
        Uri follower;
        string answered;
        var attempts = 0;
        do
        {
            await cluster.WaitForLeaderAsync(token);
            before = await new HttpNodeClient(http, cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(token);
            follower = cluster.Endpoints.First(e => e.ToString().TrimEnd('/') != before.Leader);
            status = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(token);
            // It speaks as the leader, so it shows the leader's certificate (a member's certificate speaks for that member only).
            using var asLeader = cluster.NewHttpClient(TimeSpan.FromSeconds(20), cluster.MemberCertificate($"node-{new Uri(before.Leader!).Port}"));
            using var resend = Install(follower, new Uri(before.Leader! + "/"), cluster.ClusterSecret, status.Term, status.CommitIndex, status.Term);
            using var answer = await asLeader.SendAsync(resend, token);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            answered = await answer.Content.ReadAsStringAsync(token);
        }
        while (answered != "ReplicatedWithLeaderTerm" && ++attempts < 3
            && (await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(token)).Term != status.Term);

        Assert.Equal("ReplicatedWithLeaderTerm", answered);
        var leader = new Uri(before.Leader! + "/");

        // A deposed leader's install (a term behind) of a snapshot beyond the commit index: DotNext refuses it without
        // reading it, and the answer must still come at once.
        using (var deposed = cluster.NewHttpClient(TimeSpan.FromSeconds(20), cluster.MemberCertificate($"node-{leader.Port}")))
        using (var stale = Install(follower, leader, cluster.ClusterSecret, status.Term - 1, status.CommitIndex + 1_000_000, status.Term - 1))
        using (var answer = await deposed.SendAsync(stale, token))
        {
            Assert.True(answer.StatusCode < HttpStatusCode.InternalServerError, $"The stale install was answered {answer.StatusCode}.");
            Assert.NotEqual("ReplicatedWithLeaderTerm", await answer.Content.ReadAsStringAsync(token));
        }

        // Neither install changed what the member holds.
        var after = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(token);
        Assert.Equal(status.Documents, after.Documents);
    }

    // DotNext's wire format of a snapshot install (its HTTP transport's headers), with a body of zeros.
    private static HttpRequestMessage Install(Uri target, Uri sender, string secret, long term, long index, long snapshotTerm)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, RaftPath)) { Content = new ByteArrayContent(new byte[BodyBytes]) };
        request.Headers.Add("X-Raft-Message-Type", "InstallSnapshot");
        request.Headers.Add("X-Raft-Node-ID", ClusterMemberId.FromEndPoint(new UriEndPoint(sender)).ToString());
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Raft-Term", term.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Raft-Snapshot-Index", index.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Raft-Snapshot-Term", snapshotTerm.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-CivicTrust-Cluster-Secret", secret);
        return request;
    }
}
