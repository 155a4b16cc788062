using System.Net;
using System.Net.Http.Json;
using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Security;

/// <summary>
/// <c>/cluster-consensus/log-state</c>, what a member that lost its disk asks its peers, is for members only: its answer
/// decides how far that member must catch up before it votes, so an outsider must not read it, let alone fake it.
/// </summary>
public sealed class MemberLogStateTests
{
    private const string LogStatePath = "/cluster-consensus/log-state";

    [Fact]
    public async Task Only_a_member_with_the_cluster_secret_is_told_how_far_the_log_has_gone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var uri = new Uri(cluster.Endpoints[0], LogStatePath);

        using var outsider = await http.GetAsync(uri, timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, outsider.StatusCode);
        Assert.Equal("application/problem+json", outsider.Content.Headers.ContentType?.MediaType);

        using var member = new HttpRequestMessage(HttpMethod.Get, uri);
        member.Headers.Add("X-CivicTrust-Cluster-Secret", cluster.ClusterSecret);
        using var answer = await http.SendAsync(member, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var state = await answer.Content.ReadFromJsonAsync<LogState>(timeout.Token);
        Assert.NotNull(state);
        Assert.True(state.Term >= 1, $"term {state.Term}: a cluster with a leader is past term 0");
        Assert.True(state.LastIndex >= state.CommitIndex, $"last {state.LastIndex}, commit {state.CommitIndex}");
    }

    private sealed record LogState(long Term, long LastIndex, long CommitIndex);
}
