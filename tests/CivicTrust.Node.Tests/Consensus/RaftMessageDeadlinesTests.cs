using System.Net;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.Node.Tests.Consensus;

public sealed class RaftMessageDeadlinesTests
{
    private static readonly RaftMessageDeadlines.Limits Limits = new(TimeSpan.FromMilliseconds(75));

    private static HttpRequestMessage Message(string type, long? entries = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5101/cluster-consensus/raft");
        request.Headers.Add("X-Raft-Message-Type", type);
        if (entries is { } count)
        {
            request.Headers.Add("X-Raft-Entries-Count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    [Theory]
    [InlineData("PreVote", 75)]
    [InlineData("RequestVote", 75)]
    [InlineData("Resign", 75)]
    public void Election_messages_end_inside_an_election(string type, int milliseconds)
    {
        using var handler = new RaftMessageDeadlines(Limits);
        using var request = Message(type);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), handler.DeadlineOf(request));
    }

    [Fact]
    public void Appends_keep_dotnexts_rpc_timeout_and_a_snapshot_install_has_a_deadline_of_its_own()
    {
        using var handler = new RaftMessageDeadlines(Limits);
        using var append = Message("AppendEntries", 10);
        using var snapshot = Message("InstallSnapshot");

        Assert.Null(handler.DeadlineOf(append));
        Assert.Equal(RaftMessageDeadlines.Limits.DefaultSnapshotInstall, handler.DeadlineOf(snapshot));
        using var configured = new RaftMessageDeadlines(Limits with { SnapshotInstall = TimeSpan.FromSeconds(5) });
        Assert.Equal(TimeSpan.FromSeconds(5), configured.DeadlineOf(snapshot));
    }

    [Fact]
    public async Task A_snapshot_install_that_never_ends_is_given_up_on_at_its_deadline()
    {
        // The receiver stops reading mid-body and never answers: without a deadline the leader's replication to that
        // member waited for ever.
        using var handler = new RaftMessageDeadlines(Limits with { SnapshotInstall = TimeSpan.FromMilliseconds(200) }) { InnerHandler = new SilentMember() };
        using var client = new HttpClient(handler);
        using var snapshot = Message("InstallSnapshot");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(snapshot).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_member_that_never_answers_a_vote_is_given_up_on_at_the_deadline()
    {
        // The member accepts the request and never answers, like a SIGSTOPped process behind an open socket.
        using var handler = new RaftMessageDeadlines(Limits) { InnerHandler = new SilentMember() };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = Message("RequestVote");
        using var caller = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request, caller.Token));

        // Cancelled by the deadline, not by the caller: DotNext turns exactly this into "member unavailable".
        Assert.False(caller.IsCancellationRequested, error.Message);
    }

    [Fact]
    public async Task Only_the_first_append_after_an_unanswered_vote_gets_a_short_deadline()
    {
        // A new leader's first round waits for every member (the followers reject it): to a member that just let a
        // vote run out, that one append must not take DotNext's whole rpc timeout.
        var silent = new RaftMessageDeadlines.SilentMembers();
        using var handler = new RaftMessageDeadlines(Limits, silent) { InnerHandler = new SilentMember() };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var caller = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using (var vote = Message("RequestVote"))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(vote, caller.Token));
        }

        using (var first = Message("AppendEntries", 0))
        {
            Assert.Equal(TimeSpan.FromMilliseconds(150), handler.DeadlineOf(first));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(first, caller.Token));
            Assert.False(caller.IsCancellationRequested);
        }

        using var second = Message("AppendEntries", 0);
        Assert.Null(handler.DeadlineOf(second));
    }

    [Fact]
    public async Task An_answer_clears_the_mark()
    {
        var silent = new RaftMessageDeadlines.SilentMembers();
        var member = new SilentMember();
        using var handler = new RaftMessageDeadlines(Limits, silent) { InnerHandler = member };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        using (var preVote = Message("PreVote"))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(preVote));
        }

        member.Answers = true;
        using (var vote = Message("RequestVote"))
        {
            using var answer = await client.SendAsync(vote);
        }

        using var append = Message("AppendEntries", 0);
        Assert.Null(handler.DeadlineOf(append));
    }

    [Fact]
    public void The_deadlines_follow_the_configured_election_timeout()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:PublicUrl"] = "http://127.0.0.1:5101",
            ["Cluster:Members"] = "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103",
            ["Cluster:DataDir"] = "/tmp/a",
            ["Cluster:lowerElectionTimeout"] = "200",
        });

        var options = ClusterConfiguration.Bind(configuration);

        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RaftDeadlines.Election);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.RaftConnectTimeout);
    }

    private sealed class SilentMember : HttpMessageHandler
    {
        public bool Answers { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!Answers)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
