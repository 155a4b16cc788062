using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Security;

/// <summary>
/// Forged Raft messages: a vote and a heartbeat that name the real leader as their sender (DotNext identifies senders
/// by a header derived from the member's URL) and carry a huge term. Without the cluster secret they must change nothing.
/// On a plain-HTTP cluster, where the secret is the members' only guard: over TLS a member's certificate is asked first
/// (<see cref="MutualTlsTests"/>).
/// </summary>
public sealed class ForgedRaftMessageTests
{
    private const long ForgedTermOffset = 1_000;

    [Fact]
    public async Task Forged_messages_without_the_secret_move_neither_term_nor_leader_and_the_same_heartbeat_with_it_would()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await StatusesAsync(cluster, http, timeout.Token);
        var leader = before.First().Leader!;
        var follower = cluster.Endpoints.First(e => e.ToString().TrimEnd('/') != leader);
        var forgedTerm = before.Max(s => s.Term) + ForgedTermOffset;

        var sender = new Uri(leader + "/");
        foreach (var forged in new[]
        {
            RaftMessages.Vote(follower, sender, forgedTerm, secret: null), RaftMessages.Heartbeat(follower, sender, forgedTerm, secret: null),
            RaftMessages.Vote(follower, sender, forgedTerm, "not-the-cluster-secret-at-all"), RaftMessages.Heartbeat(follower, sender, forgedTerm, "not-the-cluster-secret-at-all"),
        })
        {
            using var answer = await http.SendAsync(forged, timeout.Token);
            var body = await answer.Content.ReadAsStringAsync(timeout.Token);
            forged.Dispose();

            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("DotNext", body, StringComparison.Ordinal);
            Assert.DoesNotContain("term", body, StringComparison.OrdinalIgnoreCase);
        }

        var after = await StatusesAsync(cluster, http, timeout.Token);
        Assert.All(after, s => Assert.True(s.Term < forgedTerm, $"{s.NodeId} moved to term {s.Term} on a forged vote."));
        Assert.All(after, s => Assert.Equal(leader, s.Leader));

        // The control: the same heartbeat with the secret does reach Raft and moves the term, so the refusal above is
        // what kept it (a malformed forgery would have proven nothing). A vote alone would not do here: a follower
        // that hears from its leader ignores votes without raising its term.
        using var genuine = RaftMessages.Heartbeat(follower, sender, forgedTerm, cluster.ClusterSecret);
        using var accepted = await http.SendAsync(genuine, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var moved = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token);
        Assert.True(moved.Term >= forgedTerm, $"The vote with the secret left {moved.NodeId} in term {moved.Term}: the forgery is not a well-formed vote.");
    }

    [Fact]
    public async Task A_malformed_message_with_the_secret_gets_a_400_that_names_nothing_inside()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var malformed = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Endpoints[0], RaftMessages.RaftPath));
        // An append, not a vote: a member that started on an empty directory after its peers took a term refuses votes
        // (503) until it has caught up, and that refusal, right after start, would hide the parse failure this is about.
        malformed.Headers.Add("X-Raft-Message-Type", "AppendEntries");
        malformed.Headers.Add("X-CivicTrust-Cluster-Secret", cluster.ClusterSecret);

        using var answer = await http.SendAsync(malformed, timeout.Token);
        var body = await answer.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("DotNext", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    private static async Task<ClusterStatusResponse[]> StatusesAsync(LocalCluster cluster, HttpClient http, CancellationToken token)
    {
        await cluster.WaitForLeaderAsync(token);
        return await Task.WhenAll(cluster.Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(5)).GetStatusAsync(token)));
    }
}
