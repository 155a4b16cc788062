using System.Net;
using System.Net.Http.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;
using CivicTrust.DrillRunner.Tests.Report;

namespace CivicTrust.DrillRunner.Tests.Verification;

/// <summary>
/// The checks fed by the drill's real HTTP client from nodes that serve what a broken cluster would: each must fail
/// its own criterion. The nodes are HTTP handlers answering <c>/log</c> with canned JSON, so the path from the wire
/// to the verdict is the product's.
/// </summary>
public sealed class VerificationOverHttpTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    private static async Task<Dictionary<string, IReadOnlyList<LogEntryResponse>>> ReadAsync(params (string Node, LogEntryResponse[] Log)[] nodes)
    {
        var logs = new Dictionary<string, IReadOnlyList<LogEntryResponse>>();
        foreach (var (node, log) in nodes)
        {
            using var http = new HttpClient(new CannedLog(log));
            logs[node] = await new HttpNodeClient(http, new Uri($"http://{node}.test:5100/"), TimeSpan.FromSeconds(5)).ReadLogAsync(CancellationToken.None);
        }

        return logs;
    }

    [Fact]
    public async Task A_second_issue_of_a_hash_in_one_log_fails_no_duplicates()
    {
        var logs = await ReadAsync(
            ("node-a", [new(1, 1, A, LogEntryKindNames.Issue), new(2, 1, A, LogEntryKindNames.Issue)]),
            ("node-b", [new(1, 1, A, LogEntryKindNames.Issue)]));

        Assert.Equal([DrillCriteria.NoDuplicates], Failed(m => m with { Logs = DuplicateDetector.Analyze(logs) }));
    }

    [Fact]
    public async Task A_second_issued_entry_in_a_raw_log_fails_no_duplicates_although_the_plain_log_is_clean()
    {
        // The state-changing view lists the hash once, as a node that wrongly issued it twice would still do.
        LogEntryResponse[] plain = [new(1, 1, A, LogEntryKindNames.Issue)];
        var logs = await ReadAsync(("node-a", plain), ("node-b", plain));
        using var http = new HttpClient(new CannedRawLog(new RawLogResponse(1,
        [
            new(1, 1, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
            new(2, 1, A, LogEntryKindNames.Issue, LogEntryEffectNames.Issued),
        ])));
        var raw = await new HttpNodeClient(http, new Uri("http://node-a.test:5100/"), TimeSpan.FromSeconds(5)).ReadRawLogAsync(CancellationToken.None);

        var report = DuplicateDetector.Analyze(logs, new Dictionary<string, RawLogResponse> { ["node-a"] = raw });

        Assert.Equal(0, DuplicateDetector.Analyze(logs).DuplicateCount);
        Assert.Contains(DrillCriteria.NoDuplicates, Failed(m => m with { Logs = report }));
    }

    [Fact]
    public async Task A_hash_decided_at_different_indexes_on_two_nodes_fails_no_divergence()
    {
        var logs = await ReadAsync(
            ("node-a", [new(1, 1, A, LogEntryKindNames.Issue), new(3, 1, B, LogEntryKindNames.Issue)]),
            ("node-b", [new(1, 1, A, LogEntryKindNames.Issue), new(5, 2, B, LogEntryKindNames.Issue)]));

        Assert.Equal([DrillCriteria.NoDivergence], Failed(m => m with { Logs = DuplicateDetector.Analyze(logs) }));
    }

    [Fact]
    public async Task An_acknowledged_document_that_reads_aborted_fails_no_lost_acknowledged()
    {
        var ledger = new InMemoryDrillLedger();
        await ledger.RecordAsync(B, LedgerState.Acknowledged);
        var logs = await ReadAsync(
            ("node-a", [new(1, 1, B, LogEntryKindNames.Abort)]),
            ("node-b", [new(1, 1, B, LogEntryKindNames.Abort)]));

        var lost = AcknowledgedWriteCheck.FindLost(await ledger.ReadAllAsync(), logs);

        Assert.Equal([DrillCriteria.NoLostAcknowledged], Failed(m => m with { LostAcknowledged = lost }));
    }

    [Fact]
    public async Task A_node_that_cannot_be_read_is_an_error_not_a_skipped_log()
    {
        using var http = new HttpClient(new Unreachable());
        var node = new HttpNodeClient(http, new Uri("http://node-c.test:5100/"), TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<NodeUnreachableException>(() => node.ReadLogAsync(CancellationToken.None));
    }

    private static IEnumerable<string> Failed(Func<DrillMeasurements, DrillMeasurements> change) =>
        DrillCriteria.Evaluate(change(DrillCriteriaTests.Passing()), TimeSpan.FromSeconds(10)).Where(c => !c.Passed).Select(c => c.Id);

    [Fact]
    public async Task Pages_shorter_than_the_limit_do_not_end_the_log()
    {
        // Nodes end a page between log entries (a batched entry is never split), so a page may be short with more
        // after it: a reader that stopped at the first short page would verify a fraction of the log.
        LogEntryResponse[] log = [new(1, 1, A, LogEntryKindNames.Issue), new(2, 1, B, LogEntryKindNames.Issue), new(2, 1, new string('c', 64), LogEntryKindNames.Issue, Position: 1), new(3, 1, A, LogEntryKindNames.Issue)];
        using var http = new HttpClient(new CannedLog(log, pageSize: 2));
        using var rawHttp = new HttpClient(new CannedRawLog(new RawLogResponse(1, [.. log.Select(e => new RawLogEntryResponse(e.Index, e.Term, e.Hash, e.Kind, LogEntryEffectNames.Issued, e.Position))]), pageSize: 2));

        var read = await new HttpNodeClient(http, new Uri("http://node-a.test:5100/"), TimeSpan.FromSeconds(5)).ReadLogAsync(CancellationToken.None);
        var raw = await new HttpNodeClient(rawHttp, new Uri("http://node-a.test:5100/"), TimeSpan.FromSeconds(5)).ReadRawLogAsync(CancellationToken.None);

        Assert.Equal(log, read);
        Assert.Equal(4, raw.Entries.Count);
        Assert.Equal(1, DuplicateDetector.Analyze(new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["node-a"] = read }).DuplicateCount);
    }

    // Pages as a node cuts them: from the requested index, at most pageSize entries, never splitting one index.
    private static List<T> Page<T>(IEnumerable<T> entries, HttpRequestMessage request, int pageSize, Func<T, long> indexOf)
    {
        var from = long.Parse(System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["from"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var page = entries.Where(e => indexOf(e) >= from).ToList();
        if (page.Count > pageSize)
        {
            var cut = pageSize;
            while (cut > 1 && indexOf(page[cut]) == indexOf(page[cut - 1]))
            {
                cut--;
            }

            page = page[..cut];
        }

        return page;
    }

    private sealed class CannedLog(LogEntryResponse[] log, int pageSize = 10_000) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(Page(log, request, pageSize, e => e.Index)) });
    }

    private sealed class CannedRawLog(RawLogResponse raw, int pageSize = 10_000) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(raw with { Entries = Page(raw.Entries, request, pageSize, e => e.Index) }),
            });
    }

    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");
    }
}
