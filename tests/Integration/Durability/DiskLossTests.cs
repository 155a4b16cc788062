using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Durability;

/// <summary>
/// A lost disk on real node processes: a member is killed, its whole data directory emptied, and it is started again.
/// It cannot tell a lost disk from a new cluster by itself; its peers tell it, it is repaired from them, and the
/// drill's every criterion holds with the three logs identical at the end.
/// </summary>
public sealed class DiskLossTests(ITestOutputHelper output)
{
    /// <summary>
    /// The leader, the harder case: the entries it had acknowledged with one follower are on that follower alone once
    /// its disk is gone, so its vote must wait until it holds them again. Snapshots every 40 entries, so that it is
    /// caught up by a snapshot install as well as by appends.
    /// </summary>
    [Fact]
    public async Task A_member_whose_disk_was_lost_comes_back_with_every_document()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token, "--Cluster:SnapshotInterval 40");
        var options = new DrillOptions { Fault = DrillFaults.DiskLoss, Target = DrillTarget.Leader, DocumentsPerSecond = 1000 };

        var result = await cluster.DrillAsync(options, 3000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal(0, result.LostAcknowledged);
        Assert.Contains(result.Criteria, c => c.Id == DrillCriteria.DamageRepaired && c.Passed);
        var logs = await cluster.ReadLogsAsync(token);
        Assert.All(logs, log => Assert.Equal(logs[0], log));
    }

    /// <summary>
    /// The trap a lost disk sets: documents acknowledged by the leader and one follower, then that follower's disk lost
    /// while the leader is down and the third member, which never had them, comes back. If the empty member voted, the
    /// two could elect the third and the documents would be on one member only, and overwritten. It must wait for the
    /// member that holds them.
    /// </summary>
    [Fact]
    public async Task A_member_whose_disk_was_lost_never_helps_elect_a_leader_without_an_acknowledged_document()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        using var http = cluster.NewHttpClient();
        var nodes = cluster.Endpoints.ToDictionary(e => e.Port, e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(2), cluster.IssuerKey));
        var leader = new Uri((await nodes.Values.First().GetStatusAsync(token)).Leader!).Port;
        var (stale, lost) = (nodes.Keys.First(p => p != leader), nodes.Keys.Last(p => p != leader));

        await cluster.KillAsync(stale, token);
        var documents = Enumerable.Range(0, 50).Select(i => DrillDocument.Create("diskloss", i, "acknowledged")).ToList();
        foreach (var document in documents)
        {
            var answer = await nodes[leader].IssueAsync(document, token);
            Assert.True(answer.IsSuccess, $"{document.Hash}: {answer.Status}");
        }

        await cluster.KillAsync(leader, token);
        await cluster.KillAsync(lost, token);
        await cluster.LoseDiskAsync(lost, token);
        await cluster.RestartAsync(stale, token);
        await cluster.RestartAsync(lost, token);

        // Ten election timeouts and more: the two could have elected a leader many times over.
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        while (DateTimeOffset.UtcNow < until)
        {
            foreach (var port in new[] { stale, lost })
            {
                var status = await nodes[port].TryGetStatusAsync(token);
                Assert.True(status?.Leader is null, $"{status?.NodeId} sees leader {status?.Leader} with the only full copy down");
            }

            await Task.Delay(100, token);
        }

        await cluster.RestartAsync(leader, token);
        await cluster.WaitForLeaderAsync(token);
        var fresh = await nodes[leader].IssueAsync(DrillDocument.Create("diskloss", 0, "fresh"), token);
        Assert.True(fresh.IsSuccess || fresh.IsRetryable, $"fresh document: {fresh.Status}");
        await WaitUntilAsync(async () => (await nodes[lost].TryGetStatusAsync(token))?.Storage?.State == StorageStateNames.Intact, token);
        foreach (var (port, node) in nodes)
        {
            var held = (await node.ReadLogAsync(token)).Select(e => e.Hash).ToHashSet();
            Assert.All(documents, d => Assert.True(held.Contains(d.Hash), $"member {port} lost acknowledged document {d.Hash}"));
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken token)
    {
        while (!await condition())
        {
            await Task.Delay(100, token);
        }
    }
}
