using System.Net;
using System.Security.Cryptography.X509Certificates;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Security;

/// <summary>
/// A cluster whose members speak mutual TLS (<c>CIVICTRUST_TLS=1</c>): each member has a certificate from the cluster's
/// own CA with its URL in the SAN. Clients reach it over HTTPS, trusting that CA; a Raft message from a client with no
/// certificate, or with one from another CA, never reaches Raft, even with the cluster secret.
/// </summary>
public sealed class MutualTlsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Members_elect_and_replicate_over_mutual_tls_and_serve_clients_over_https_only()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: true);
        using var http = cluster.NewHttpClient(TimeSpan.FromSeconds(10));
        var status = await new HttpNodeClient(http, cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token);
        var follower = cluster.Endpoints.First(e => e.ToString().TrimEnd('/') != status.Leader);
        Assert.StartsWith("https://", status.Leader, StringComparison.Ordinal);

        // A follower forwards the write to the leader over mutual TLS, and the leader replicates it the same way.
        var document = DrillDocument.Create(Guid.NewGuid().ToString("n"), 1, "tls");
        var issued = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5), cluster.IssuerKey).IssueAsync(document, timeout.Token);
        Assert.True(issued.Status == HttpStatusCode.Created, $"{issued.Status}");
        foreach (var node in cluster.Endpoints)
        {
            await WaitUntilAsync(async () => (await new HttpNodeClient(http, node, TimeSpan.FromSeconds(5)).GetDocumentAsync(document.Hash, timeout.Token)).DocumentStatus == DocumentStatusNames.Committed, timeout.Token);
        }

        // Plain HTTP is off, and a client that does not trust the cluster's CA does not trust the members.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new UriBuilder(follower) { Scheme = "http" }.Uri + "cluster/status", timeout.Token));
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri(follower, "cluster/status"), timeout.Token));
    }

    [Fact]
    public async Task Raft_messages_without_a_member_certificate_with_another_cas_or_as_another_member_never_reach_raft_and_the_members_own_would()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: true);
        using var http = cluster.NewHttpClient(TimeSpan.FromSeconds(10));
        var statuses = await Task.WhenAll(cluster.Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token)));
        var leader = new Uri(statuses[0].Leader! + "/");
        var follower = cluster.Endpoints.First(e => e != leader);
        var forgedTerm = statuses.Max(s => s.Term) + 1_000;

        // No certificate, with the cluster secret: refused before DotNext.
        using (var forged = RaftMessages.Heartbeat(follower, leader, forgedTerm, cluster.ClusterSecret))
        using (var answer = await http.SendAsync(forged, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        // A certificate from another CA naming the leader's URL: the TLS handshake refuses it.
        using (var outsider = cluster.NewHttpClient(TimeSpan.FromSeconds(10), OtherCaCertificate(leader)))
        using (var forged = RaftMessages.Heartbeat(follower, leader, forgedTerm, cluster.ClusterSecret))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => outsider.SendAsync(forged, timeout.Token));
        }

        // Another member's own certificate, speaking as the leader: a member's key speaks for that member only.
        var third = cluster.Endpoints.First(e => e != leader && e != follower);
        using (var impostor = cluster.NewHttpClient(TimeSpan.FromSeconds(10), cluster.MemberCertificate($"node-{third.Port}")))
        using (var forged = RaftMessages.Heartbeat(follower, leader, forgedTerm, cluster.ClusterSecret))
        using (var answer = await impostor.SendAsync(forged, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        var after = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token);
        Assert.True(after.Term < forgedTerm, $"{after.NodeId} moved to term {after.Term} on a forged heartbeat.");

        // The control: the same heartbeat with the leader's own certificate reaches Raft and moves the term.
        using var member = cluster.NewHttpClient(TimeSpan.FromSeconds(10), cluster.MemberCertificate($"node-{leader.Port}"));
        using var genuine = RaftMessages.Heartbeat(follower, leader, forgedTerm, cluster.ClusterSecret);
        using var accepted = await member.SendAsync(genuine, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var moved = await new HttpNodeClient(http, follower, TimeSpan.FromSeconds(5)).GetStatusAsync(timeout.Token);
        Assert.True(moved.Term >= forgedTerm, $"The member's heartbeat left {moved.NodeId} in term {moved.Term}: the forgery is not well formed.");
    }

    /// <summary>The drill over mutual TLS: it trusts the cluster's CA (<c>--ca-cert</c>) and nothing else, and passes.</summary>
    [Theory]
    [InlineData("kill")]
    [InlineData("key-compromise")]
    public async Task The_drill_passes_over_mutual_tls(string faultName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await LocalCluster.StartAsync(timeout.Token, tls: true);
        var options = new DrillOptions { Fault = DrillFaults.Named(faultName), DocumentsPerSecond = 500 };

        var result = await cluster.DrillAsync(options, 1500, output, timeout.Token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Equal(0, result.LostAcknowledged);
    }

    /// <summary>
    /// Each member's certificate rotated in turn, under a steady stream of writes: each serves its new certificate
    /// within seconds, with no restart, and not one write fails (the members keep calling each other throughout).
    /// </summary>
    [Fact]
    public async Task Members_certificates_rotate_one_at_a_time_while_the_cluster_keeps_writing()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token, tls: true);
        using var http = cluster.NewHttpClient(TimeSpan.FromSeconds(10));
        var leader = new Uri((await new HttpNodeClient(http, cluster.Endpoints[0], TimeSpan.FromSeconds(5)).GetStatusAsync(token)).Leader! + "/");
        var writer = new HttpNodeClient(http, leader, TimeSpan.FromSeconds(5), cluster.IssuerKey);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var failures = new List<string>();
        var written = 0;
        var writing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answer = await writer.IssueAsync(DrillDocument.Create(Guid.NewGuid().ToString("n"), written, "rotation"), token);
                if (answer.Status == HttpStatusCode.Created)
                {
                    written++;
                }
                else
                {
                    failures.Add($"{answer.Status}");
                }
            }
        }, CancellationToken.None);

        foreach (var member in cluster.Endpoints)
        {
            var before = await ServedThumbprintAsync(cluster, member, token);
            await cluster.RotateCertificateAsync(member.Port, token);
            while (await ServedThumbprintAsync(cluster, member, token) == before)
            {
                await Task.Delay(200, token);
            }

            await Task.Delay(500, token); // writes go on across the members' new certificates
        }

        var rotated = written;
        while (written < rotated + 20)
        {
            await Task.Delay(50, token);
        }

        await stop.CancelAsync();
        await writing;
        Assert.Empty(failures);
        var statuses = await Task.WhenAll(cluster.Endpoints.Select(e => new HttpNodeClient(http, e, TimeSpan.FromSeconds(5)).GetStatusAsync(token)));
        Assert.All(statuses, s => Assert.Equal(leader.ToString().TrimEnd('/'), s.Leader)); // no member lost touch with the leader
    }

    // The thumbprint of the certificate a member serves now: a new connection each time, so a rotation shows.
    private static async Task<string?> ServedThumbprintAsync(LocalCluster cluster, Uri member, CancellationToken token)
    {
        string? served = null;
        using var probe = cluster.NewHttpClient(TimeSpan.FromSeconds(5), observeServer: certificate => served = certificate.Thumbprint);
        using var answer = await probe.GetAsync(new Uri(member, "alive"), token);
        return served;
    }

    // A certificate shaped like a member's (the leader's URL in its SAN, client authentication) from a CA of its own.
    private static X509Certificate2 OtherCaCertificate(Uri member)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("CN=impostor", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(member.GetLeftPart(UriPartial.Authority)));
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken token)
    {
        while (!await condition())
        {
            await Task.Delay(100, token);
        }
    }
}
