using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Scale;

/// <summary>
/// A member that needs a snapshot larger than 40 MB catches up. Kestrel's default body limit (30,000,000 bytes) used
/// to refuse every such install, so past about half a million documents a member that fell behind the compacted log,
/// or lost its disk, could never rejoin.
/// </summary>
public sealed class LargeSnapshotTests(ITestOutputHelper output)
{
    // What grows a snapshot is the registry's size per document, and each record keeps its issuer: with the longest
    // issuer the API takes (256 characters) a document costs about 310 bytes of snapshot instead of 60, so 150,000
    // documents make more than 40 MB. Every one is a real write through the API and Raft.
    private const int Documents = 150_000;
    private const int Clients = 64;
    private const long SnapshotBytes = 40L * 1024 * 1024;
    private const int SnapshotInterval = 1000;

    // More than one interval of 1,000 entries adds to the snapshot at this load (CI saw a published snapshot 2.6 MB
    // smaller than the newest one on disk).
    private const long IntervalMargin = 8L * 1024 * 1024;

    [Fact]
    public async Task A_member_whose_disk_was_lost_catches_up_by_a_snapshot_over_40_MB()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token, $"--Cluster:SnapshotInterval {SnapshotInterval} --Security:AllowAnonymous true");
        using var http = cluster.NewHttpClient(TimeSpan.FromSeconds(30));
        var leaderUrl = (await new HttpNodeClient(http, cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(token)).Leader!;
        var leader = cluster.Endpoints.Single(e => e.ToString().TrimEnd('/') == leaderUrl);
        var lagging = cluster.Endpoints.First(e => e != leader);

        var started = DateTimeOffset.UtcNow;
        await LoadAsync(http, leader, 0, Documents, token);
        output.WriteLine($"{Documents} documents in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");
        // Snapshots come at interval boundaries, and a written one is published (the log below it compacted) only half
        // an interval later: a follower that lags a little is sent entries, not the snapshot. More documents until the
        // leader has published one of more than 40 MB.
        var extra = Documents;
        var leaderClient = new HttpNodeClient(http, leader, TimeSpan.FromSeconds(5));
        // The leader keeps its older snapshot until the newer one is published (and the log compacted under it): every
        // snapshot it still holds must be large enough, or the member may be sent the older one.
        (string Name, long Index, long Bytes)? snapshot;
        // With a margin of one interval's growth: the published snapshot may be the one before the newest on disk.
        while ((snapshot = SmallestSnapshot(cluster.DataDirectoryOf(leader.Port))) is not { Bytes: >= SnapshotBytes + IntervalMargin }
            || (await leaderClient.GetStatusAsync(token)).CommitIndex < snapshot.Value.Index + (SnapshotInterval / 2) + 100)
        {
            await LoadAsync(http, leader, extra, extra + 2_000, token);
            extra += 2_000;
        }

        output.WriteLine($"leader's snapshot {snapshot.Value.Name}: {snapshot.Value.Bytes:N0} bytes; {extra} documents in all");

        await cluster.KillAsync(lagging.Port, token);
        await cluster.LoseDiskAsync(lagging.Port, token);
        await cluster.RestartAsync(lagging.Port, token);
        var caughtUp = DateTimeOffset.UtcNow;
        var expected = (await leaderClient.GetStatusAsync(token)).Documents;
        var member = new HttpNodeClient(http, lagging, TimeSpan.FromSeconds(5));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        ClusterStatusResponse? status = null;
        while (status is not { Storage.State: StorageStateNames.Intact } || status.Documents < expected)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                output.WriteLine(cluster.Logs(40));
                Assert.Fail($"the member that lost its disk is not caught up 2 minutes after its restart: {status?.Documents} of {expected} documents, storage {status?.Storage?.State}");
            }

            await Task.Delay(200, token);
            status = await member.TryGetStatusAsync(token);
        }

        output.WriteLine($"the member that lost its disk holds {expected} documents {(DateTimeOffset.UtcNow - caughtUp).TotalSeconds:0.0} s after its restart");
        var installs = Regex.Matches(cluster.LogOf(lagging.Port), @"Installed snapshot (\S+) from the leader \((\d+) bytes\)")
            .Select(m => (Name: m.Groups[1].Value, Bytes: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        output.WriteLine($"installs: {string.Join(", ", installs.Select(i => $"{i.Name} ({i.Bytes:N0} bytes)"))}");
        Assert.True(installs.Any(i => i.Bytes >= SnapshotBytes), "the member caught up without installing a snapshot over 40 MB: the test proved nothing");
    }

    // Documents numbered from..to-1, by Clients concurrent writers.
    private static async Task LoadAsync(HttpClient http, Uri leader, int from, int to, CancellationToken token)
    {
        var issuer = new string('i', 256);
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < to; n = Interlocked.Increment(ref next))
            {
                var body = $"{{\"content\":{{\"large-snapshot\":{n}}},\"issuer\":\"{issuer}\"}}";
                while (true)
                {
                    using var answer = await http.PostAsync(new Uri(leader, "documents"), new StringContent(body, Encoding.UTF8, "application/json"), token);
                    if (answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        break; // OK: a retry of a document whose first answer was lost or unknown, issued once
                    }

                    Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"document {n}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync(token)}");
                    await Task.Delay(100, token);
                }
            }
        }));
    }

    // The smallest snapshot the member holds (each named index-term) and its size: a whole snapshot's file, or the
    // segments its manifest names (what a member that needs it is sent, less one header).
    private static (string Name, long Index, long Bytes)? SmallestSnapshot(string dataDir)
    {
        var folder = new DirectoryInfo(Path.Combine(dataDir, "snapshots"));
        return folder.EnumerateFiles("*-*").Where(f => f.Extension != ".tmp")
            .Select(f => (f.Name, long.Parse(f.Name.Split('-')[0], CultureInfo.InvariantCulture), SizeOf(f)))
            .MinBy(s => s.Item3);

        // A snapshot compacted away while it is measured counts as nothing: the next round measures again.
        long SizeOf(FileInfo snapshot)
        {
            try
            {
                return SizeOfFiles(snapshot);
            }
            catch (IOException)
            {
                return 0;
            }
        }

        long SizeOfFiles(FileInfo snapshot)
        {
            var text = File.ReadAllText(snapshot.FullName);
            return text.StartsWith("civictrust-snapshot-manifest ", StringComparison.Ordinal)
                ? text.Split('\n').Where(l => l.StartsWith("segment ", StringComparison.Ordinal))
                    .Sum(l => new FileInfo(Path.Combine(folder.FullName, $"rows.{l.Split(' ')[1]}.{l.Split(' ')[2]}")).Length)
                : snapshot.Length;
        }
    }
}
