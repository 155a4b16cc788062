using System.Net;
using System.Net.Http.Json;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Storage.Integrity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class LostDiskProbeTests : IDisposable
{
    private static readonly Uri[] Members = [new("http://127.0.0.1:6101/"), new("http://127.0.0.1:6102/"), new("http://127.0.0.1:6103/")];

    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-probe-").FullName;
    private readonly StorageIntegrity _integrity = new(NullLogger<StorageIntegrity>.Instance, TimeProvider.System);
    private readonly Peers _peers = new();

    private Uri[] _members = Members;

    private ClusterOptions Options => new()
    {
        Members = _members,
        PublicUrl = Members[0],
        DataDir = _directory,
        NodeId = "a",
        RaftDeadlines = new(TimeSpan.FromMilliseconds(75)),
        RaftConnectTimeout = TimeSpan.FromMilliseconds(100),
    };

    private async Task ProbeAsync(TimeSpan limit)
    {
        var plan = RepairPlan.ForEmptyDisk(_directory, DateTimeOffset.UnixEpoch);
        RepairPlanFile.Write(_directory, plan);
        _integrity.BeginRepair(plan);
        using var probe = new LostDiskProbe(_integrity, Options, _peers, TimeProvider.System, NullLogger<LostDiskProbe>.Instance);
        await probe.StartAsync(CancellationToken.None);
        try
        {
            await probe.ExecuteTask!.WaitAsync(limit);
        }
        finally
        {
            await probe.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_member_of_a_new_cluster_votes_once_every_peer_says_it_is_empty_too()
    {
        _peers.Answer(Members[1], new MemberLogState(0, 0, 0));
        _peers.Answer(Members[2], new MemberLogState(3, 0, 0));

        await ProbeAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StorageState.Intact, _integrity.State);
        Assert.Null(_integrity.LastRepair);
        Assert.Null(RepairPlanFile.Read(_directory));
        Assert.Equal(3, _integrity.VoteTermFence);
        Assert.Equal(3, VoteFenceFile.Read(_directory));
    }

    [Fact]
    public async Task A_member_alone_in_its_cluster_starts_as_new_without_asking_anyone()
    {
        _members = [Members[0]];

        await ProbeAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StorageState.Intact, _integrity.State);
        Assert.Null(RepairPlanFile.Read(_directory));
        Assert.Equal(0, _peers.Asked(Members[0]));
    }

    [Fact]
    public async Task A_member_that_lost_its_disk_is_repaired_up_to_what_its_peers_hold()
    {
        _peers.Answer(Members[1], new MemberLogState(8, 500, 480));
        _peers.Answer(Members[2], new MemberLogState(9, 470, 470));

        await ProbeAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StorageState.Repairing, _integrity.State);
        Assert.Equal(500, _integrity.Repair!.Watermark);
        Assert.Equal(StorageDamage.DiskArea, _integrity.Repair.Damage.Area);
        Assert.Equal(_integrity.Repair, RepairPlanFile.Read(_directory));
        Assert.Equal(9, _integrity.VoteTermFence);
        Assert.Equal(9, VoteFenceFile.Read(_directory));
    }

    [Fact]
    public async Task A_member_that_has_not_heard_from_every_peer_votes_for_no_one()
    {
        // The one peer that answers is empty; the silent one may be the only other holder of what this member acknowledged.
        _peers.Answer(Members[1], new MemberLogState(0, 0, 0));

        await Assert.ThrowsAsync<TimeoutException>(() => ProbeAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal(StorageState.Repairing, _integrity.State);
        Assert.True(_integrity.Repair!.AwaitsPeers);
        Assert.True(RepairPlanFile.Read(_directory)!.AwaitsPeers);
        Assert.True(_peers.Asked(Members[2]) > 1, "the silent peer is asked again");
        Assert.Equal(0, _peers.Asked(Members[0]));
    }

    [Fact]
    public async Task A_member_of_five_concludes_once_three_of_its_four_peers_have_answered()
    {
        _members = [.. Members, new("http://127.0.0.1:6104/"), new("http://127.0.0.1:6105/")];
        _peers.Answer(_members[1], new MemberLogState(4, 120, 120));
        _peers.Answer(_members[2], new MemberLogState(5, 90, 90));
        _peers.Answer(_members[3], new MemberLogState(5, 130, 125));

        await ProbeAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StorageState.Repairing, _integrity.State);
        Assert.False(_integrity.Repair!.AwaitsPeers);
        Assert.Equal(130, _integrity.Repair.Watermark);
        Assert.Equal(5, _integrity.VoteTermFence);
    }

    [Fact]
    public async Task A_member_of_five_with_two_silent_peers_votes_for_no_one()
    {
        _members = [.. Members, new("http://127.0.0.1:6104/"), new("http://127.0.0.1:6105/")];
        _peers.Answer(_members[1], new MemberLogState(4, 120, 120));
        _peers.Answer(_members[2], new MemberLogState(5, 90, 90));

        await Assert.ThrowsAsync<TimeoutException>(() => ProbeAsync(TimeSpan.FromSeconds(1)));

        Assert.True(_integrity.Repair!.AwaitsPeers);
        Assert.True(_peers.Asked(_members[4]) > 1, "the silent peers are asked again");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The peers as HTTP answers: a state for those that answer, a refused connection for the rest.</summary>
    private sealed class Peers : HttpMessageHandler, IHttpClientFactory
    {
        private readonly Dictionary<string, MemberLogState> _answers = [];
        private readonly Dictionary<string, int> _asked = [];

        public void Answer(Uri member, MemberLogState state) => _answers[member.Authority] = state;

        public int Asked(Uri member)
        {
            lock (_asked)
            {
                return _asked.GetValueOrDefault(member.Authority);
            }
        }

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(LostDiskProbe.LogStatePath, request.RequestUri!.AbsolutePath);
            lock (_asked)
            {
                _asked[request.RequestUri.Authority] = _asked.GetValueOrDefault(request.RequestUri.Authority) + 1;
            }

            return _answers.TryGetValue(request.RequestUri.Authority, out var state)
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(state) })
                : Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused"));
        }
    }
}
