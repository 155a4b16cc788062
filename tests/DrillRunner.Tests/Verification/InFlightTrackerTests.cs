using CivicTrust.Documents;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class InFlightTrackerTests
{
    // The tracker retries and gives up on the clock it is given; fake time makes its deadlines exact and instant.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private static string Hash(char c) => new(c, 64);

    [Fact]
    public async Task Committed_documents_count_as_committed_and_the_rest_are_fenced()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        cluster.Apply(DocumentCommand.Issue(Hash('a'), "x"));               // the new leader finished it
        await ledger.RecordAsync(Hash('a'), LedgerState.Submitted);
        await ledger.RecordAsync(Hash('b'), LedgerState.Submitted);          // never reached the log
        await ledger.RecordAsync(Hash('c'), LedgerState.Acknowledged);       // not in flight
        var tracker = new InFlightTracker(ledger, _time);

        var resolution = await tracker.ResolveAsync(cluster.Nodes[0], _time.GetUtcNow().AddSeconds(5), CancellationToken.None);

        Assert.Equal(1, resolution.Committed);
        Assert.Equal(1, resolution.Aborted);
        Assert.Equal(1, resolution.FencedByDrill);
        Assert.Equal(0, resolution.AbortedByCluster);
        Assert.Empty(resolution.Pending);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), resolution.ResolvedAtUnixMs);
        var states = await ledger.ReadAllAsync();
        Assert.Equal(LedgerState.Committed, states[Hash('a')]);
        Assert.Equal(LedgerState.Aborted, states[Hash('b')]);
        Assert.Equal(DocumentStatus.Aborted, cluster.Registry.Find(Hash('b'))!.Status);
    }

    [Fact]
    public async Task A_document_the_cluster_had_already_aborted_is_not_credited_to_the_drills_fence()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        cluster.Apply(DocumentCommand.Abort(Hash('f')));
        await ledger.RecordAsync(Hash('f'), LedgerState.Submitted);
        var tracker = new InFlightTracker(ledger, _time);

        var resolution = await tracker.ResolveAsync(cluster.Nodes[0], _time.GetUtcNow().AddSeconds(5), CancellationToken.None);

        Assert.Equal(1, resolution.Aborted);
        Assert.Equal(1, resolution.AbortedByCluster);
        Assert.Equal(0, resolution.FencedByDrill);
    }

    [Fact]
    public async Task A_document_that_stays_pending_is_reported_and_left_in_flight()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        await ledger.RecordAsync(Hash('d'), LedgerState.Submitted);
        cluster.StuckPending.Add(Hash('d'));
        var tracker = new InFlightTracker(ledger, _time);

        var deadline = _time.GetUtcNow().AddMilliseconds(300);
        var resolving = tracker.ResolveAsync(cluster.Nodes[0], deadline, CancellationToken.None);
        // Fake time moves only when the test moves it: one retry delay at a time, with a real moment in between for the
        // tracker's continuation to ask again and wait again (how long that takes depends on the machine's load).
        for (var step = 0; !resolving.IsCompleted && step < 2_000; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }

        Assert.True(resolving.IsCompleted, "The tracker kept retrying long after its deadline.");
        var resolution = await resolving;

        Assert.True(_time.GetUtcNow() >= deadline, "The tracker gave up before its deadline.");
        Assert.Equal([Hash('d')], resolution.Pending);
        Assert.Equal(1, resolution.PendingAtFirstRead);
        Assert.Null(resolution.ResolvedAtUnixMs);
        Assert.Equal(LedgerState.Submitted, (await ledger.ReadAllAsync())[Hash('d')]);
    }

    [Fact]
    public async Task An_abort_that_loses_to_a_commit_counts_as_committed()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        await ledger.RecordAsync(Hash('e'), LedgerState.Submitted);
        var racing = new RacingNode(cluster, Hash('e'));
        var tracker = new InFlightTracker(ledger, _time);

        var resolution = await tracker.ResolveAsync(racing, _time.GetUtcNow().AddSeconds(5), CancellationToken.None);

        Assert.Equal(1, resolution.Committed);
        Assert.Equal(0, resolution.Aborted);
        Assert.Equal(DocumentStatus.Committed, cluster.Registry.Find(Hash('e'))!.Status);
    }

    [Fact]
    public async Task By_retry_a_document_not_committed_is_sent_again_and_commits_once()
    {
        var cluster = new InMemoryCluster(3);
        var ledger = new InMemoryDrillLedger();
        var neverAppended = DrillDocument.Create("retryrun", 0, "load");
        var abortedEarlier = DrillDocument.Create("retryrun", 1, "load");
        cluster.Apply(DocumentCommand.Abort(abortedEarlier.Hash));
        await ledger.RecordAsync(neverAppended.Hash, LedgerState.Submitted);
        await ledger.RecordAsync(abortedEarlier.Hash, LedgerState.Submitted);
        await ledger.RecordAsync(Hash('f'), LedgerState.Submitted); // a hash whose document the drill does not know
        DrillDocument?[] known = [neverAppended, abortedEarlier];
        var tracker = new InFlightTracker(ledger, _time, ResolveMode.Retry, hash => known.FirstOrDefault(d => d!.Hash == hash));

        var resolution = await tracker.ResolveAsync(cluster.Nodes[0], _time.GetUtcNow().AddSeconds(5), CancellationToken.None);

        Assert.Equal((1, 1), (resolution.Committed, resolution.ResubmittedByDrill));
        Assert.Equal((2, 1, 1), (resolution.Aborted, resolution.AbortedByCluster, resolution.FencedByDrill));
        Assert.Empty(resolution.Pending);
        Assert.Equal(DocumentStatus.Committed, cluster.Registry.Find(neverAppended.Hash)!.Status);
        Assert.Equal(DocumentStatus.Aborted, cluster.Registry.Find(abortedEarlier.Hash)!.Status);
        Assert.Equal(DocumentStatus.Aborted, cluster.Registry.Find(Hash('f'))!.Status);
        var states = await ledger.ReadAllAsync();
        Assert.Equal(LedgerState.Committed, states[neverAppended.Hash]);
        Assert.Equal(LedgerState.Aborted, states[abortedEarlier.Hash]);
    }

    /// <summary>Answers 404 to the read, then lets the issue commit just before the abort lands.</summary>
    private sealed class RacingNode(InMemoryCluster cluster, string hash) : CivicTrust.Drill.Cluster.INodeClient
    {
        private readonly InMemoryNode _inner = cluster.Nodes[0];

        public Uri Endpoint => _inner.Endpoint;

        public Task<CivicTrust.Contracts.ClusterStatusResponse> GetStatusAsync(CancellationToken token) => _inner.GetStatusAsync(token);

        public Task<CivicTrust.Drill.Cluster.NodeAnswer> IssueAsync(CivicTrust.Drill.Cluster.DrillDocument document, CancellationToken token) => _inner.IssueAsync(document, token);

        public Task<CivicTrust.Drill.Cluster.NodeAnswer> GetDocumentAsync(string h, CancellationToken token) => _inner.GetDocumentAsync(h, token);

        public Task<CivicTrust.Drill.Cluster.NodeAnswer> AbortAsync(string h, CancellationToken token)
        {
            cluster.Apply(DocumentCommand.Issue(hash, "late retry"));
            return _inner.AbortAsync(h, token);
        }

        public CivicTrust.Drill.Cluster.INodeClient WithIssuerKey(CivicTrust.Drill.Keys.DrillKey key) => throw new NotSupportedException();

        public Task<IReadOnlyList<CivicTrust.Contracts.LogEntryResponse>> ReadLogAsync(CancellationToken token) => _inner.ReadLogAsync(token);

        public Task<CivicTrust.Contracts.RawLogResponse> ReadRawLogAsync(CancellationToken token) => _inner.ReadRawLogAsync(token);
    }
}
