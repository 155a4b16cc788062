using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Issuance;
using CivicTrust.Drill.Keys;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Issuance;

/// <summary>The load as a client: it does not sit on a member that stopped answering.</summary>
public sealed class IssuanceLoadTests
{
    [Fact]
    public async Task A_silent_member_is_hedged_around_and_then_avoided()
    {
        var cluster = new InMemoryCluster(3);
        var silent = new SilentNode(cluster.Nodes[0]);
        var ledger = new InMemoryDrillLedger();
        var options = new DrillOptions { DocumentsPerSecond = 400, RetryDelay = TimeSpan.FromMilliseconds(10), HedgeAfter = TimeSpan.FromMilliseconds(50) };
        var load = new IssuanceLoad([silent, cluster.Nodes[1], cluster.Nodes[2]], ledger, options, TimeProvider.System);
        var documents = Enumerable.Range(0, 40).Select(i => DrillDocument.Create("hedgerun", i, "load")).ToList();

        await load.RunAsync(documents, CancellationToken.None);

        Assert.Equal(40, load.Acknowledged);
        Assert.Empty(load.Unfinished);
        // Each send the silent member held was given up once the document was acknowledged elsewhere, not waited out
        // to its deadline.
        Assert.True(silent.Sends > 0, "nothing was sent to the silent member");
        Assert.Equal(0, silent.WaitedOut);
        // After its first silence, new documents went elsewhere.
        Assert.True(silent.Sends < 15, $"{silent.Sends} of 40 documents were sent to the silent member");
        Assert.All(documents, d => Assert.NotNull(cluster.Registry.Find(d.Hash)));
    }

    [Fact]
    public async Task Every_send_carries_the_key_the_load_holds_when_it_goes_out()
    {
        var cluster = new InMemoryCluster(3);
        var history = new DrillHistory();
        var (first, second) = (DrillKey.Of("first"), DrillKey.Of("second"));
        cluster.IssuerKeys.Admit("civictrust-drill", first.Sha256);
        cluster.IssuerKeys.Admit("civictrust-drill", second.Sha256);
        var key = new LoadKey();
        var options = new DrillOptions { DocumentsPerSecond = 1_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var load = new IssuanceLoad([.. cluster.Nodes.Select(n => new RecordingNodeClient(n, history, TimeProvider.System))], new InMemoryDrillLedger(), options, TimeProvider.System, key);

        await load.RunAsync([DrillDocument.Create("keyrun", 0, "load")], CancellationToken.None);
        key.Use(first);
        await load.RunAsync([DrillDocument.Create("keyrun", 1, "load")], CancellationToken.None);
        key.Use(second);
        await load.RunAsync([DrillDocument.Create("keyrun", 2, "load")], CancellationToken.None);

        Assert.Equal([null, first.Sha256, second.Sha256], history.Operations.Select(o => o.Key));
        Assert.Equal(3, load.Acknowledged);
    }

    /// <summary>A frozen member: takes the request and answers nothing until the client gives up (2 s, like the drill's deadline).</summary>
    private sealed class SilentNode(INodeClient inner) : INodeClient
    {
        private int _sends;
        private int _waitedOut;

        public int Sends => _sends;

        public int WaitedOut => _waitedOut;

        public Uri Endpoint => inner.Endpoint;

        public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) => inner.GetStatusAsync(token);

        public async Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token)
        {
            Interlocked.Increment(ref _sends);
            await Task.Delay(TimeSpan.FromSeconds(2), token);
            Interlocked.Increment(ref _waitedOut);
            throw new NodeUnreachableException(Endpoint, new TimeoutException("no answer within 2 s"));
        }

        public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) => inner.GetDocumentAsync(hash, token);

        public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) => inner.AbortAsync(hash, token);

        public INodeClient WithIssuerKey(DrillKey key) => throw new NotSupportedException();

        public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token) => inner.ReadLogAsync(token);

        public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token) => inner.ReadRawLogAsync(token);
    }
}
