using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CivicTrust.AppHost;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Telemetry;

/// <summary>What users watch in the dashboard: the drill's trace, the nodes' spans joined to callers, the crash button.</summary>
public sealed class TelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Drill_spans_match_the_timeline_node_spans_join_the_callers_trace_and_the_crash_command_kills_a_node()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var app = await CivicTrustApp.StartAsync(token, withDashboard: true);
        var leader = await app.WaitForAgreedLeaderAsync(expectedNodes: 3, token);

        await AssertNodeSpansJoinTheCallersTraceAsync(app, leader, token);
        var result = await AssertDrillSpansMatchTheTimelineAsync(app, token);
        await AssertCrashCommandKillsTheNodeAsync(app, result, token);
    }

    private static async Task AssertNodeSpansJoinTheCallersTraceAsync(CivicTrustApp app, ClusterStatusResponse leader, CancellationToken token)
    {
        // The client's own trace context, sent to a follower: the follower forwards to the leader, and both nodes'
        // document.issue spans must land in the client's trace.
        var follower = app.NodeNames.First(n => n != leader.NodeId);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/documents")
        {
            Content = new StringContent($"{{\"content\":{{\"trace\":\"{traceId}\"}},\"issuer\":\"{DrillIssuer.Name}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await app.Nodes[follower].SendAsync(request, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        using var dashboard = new HttpClient { BaseAddress = app.App.GetEndpoint("aspire-dashboard", "http") };
        var spans = await WaitForSpansAsync(dashboard, traceId.ToString(), spans => spans.Count(s => s.Name == "document.issue") >= 2, token);
        var issues = spans.Where(s => s.Name == "document.issue").ToList();
        Assert.Contains(issues, s => s.Resource == follower && s.Attributes["civictrust.forwarded_to_leader"] == "true");
        var onLeader = Assert.Single(issues, s => s.Resource == leader.NodeId);
        Assert.Equal("false", onLeader.Attributes["civictrust.forwarded_to_leader"]);
        Assert.Equal("false", onLeader.Attributes["civictrust.document.duplicate"]);
        Assert.False(string.IsNullOrEmpty(onLeader.Attributes["civictrust.document.hash"]));
        Assert.True(long.Parse(onLeader.Attributes["civictrust.document.index"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.All(spans, s => Assert.Equal(traceId.ToString(), s.TraceId));
    }

    private async Task<DrillResult> AssertDrillSpansMatchTheTimelineAsync(CivicTrustApp app, CancellationToken token)
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "CivicTrust.Drill",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var runId = NodeCrashDrill.NewRunId();
        await using var ledger = await app.ConnectLedgerAsync(runId);
        using var drill = new NodeCrashDrill(app.NodeEndpoints, ledger, runId: runId, apiKey: app.IssuerKey);
        var result = await drill.RunAsync(400, TimeSpan.FromSeconds(30), token);
        output.WriteLine(DrillReport.Summary(result));
        Assert.True(result.Passed, DrillReport.Summary(result));

        var spans = stopped.Where(a => a.TraceId.ToString() == drill.TraceId).ToDictionary(a => a.OperationName);
        var root = spans["drill"];
        foreach (var name in new[] { "drill.issuance", "drill.crash", "drill.failover", "drill.recovery", "drill.verify" })
        {
            Assert.True(spans.ContainsKey(name), $"missing span {name}");
            Assert.Equal(root.SpanId, spans[name].ParentSpanId);
        }

        Assert.Equal(ActivityStatusCode.Ok, root.Status);
        AssertSpan(spans["drill"], result.StartedTs, result.Timeline.FinishedTs);
        AssertSpan(spans["drill.crash"], null, result.CrashTs!.Value);
        AssertSpan(spans["drill.failover"], result.CrashTs, result.FailoverTs!.Value);
        AssertSpan(spans["drill.recovery"], result.FailoverTs, result.RecoveryTs!.Value);

        var crash = spans["drill.crash"];
        Assert.Equal(result.OldLeaderId, crash.GetTagItem("civictrust.drill.killed_node"));
        Assert.True(crash.GetTagItem("civictrust.drill.killed_pid") is int pid && pid > 0);
        Assert.Equal(result.CrashTs, crash.GetTagItem("civictrust.drill.crash_ts"));
        var failover = spans["drill.failover"];
        Assert.Equal(result.OldLeaderId, failover.GetTagItem("civictrust.drill.old_leader"));
        Assert.Equal(result.NewLeaderId, failover.GetTagItem("civictrust.drill.new_leader"));
        Assert.Equal(result.FailoverDurationMs, failover.GetTagItem("civictrust.drill.failover_duration_ms"));
        Assert.True(failover.GetTagItem("civictrust.drill.term") is long term && term > 0);
        var recovery = spans["drill.recovery"];
        Assert.Equal(result.InflightCommitted, recovery.GetTagItem("civictrust.drill.inflight_committed"));
        Assert.Equal(result.InflightAborted, recovery.GetTagItem("civictrust.drill.inflight_aborted"));
        var verify = spans["drill.verify"];
        Assert.Equal(ActivityStatusCode.Ok, verify.Status);
        Assert.StartsWith("pass:", (string)verify.GetTagItem("civictrust.drill.criterion.no_duplicates")!, StringComparison.Ordinal);

        // The phase spans were live parents of the drill's sampled requests: the nodes' document.issue spans for the
        // drill's documents are in the drill's own trace, under the issuance (or recovery) span.
        using var dashboard = new HttpClient { BaseAddress = app.App.GetEndpoint("aspire-dashboard", "http") };
        var trace = await WaitForSpansAsync(dashboard, drill.TraceId!, s => s.Any(span => span.Name == "document.issue"), token);
        var nodeIssues = trace.Where(s => s.Name == "document.issue").ToList();
        output.WriteLine($"drill trace {drill.TraceId}: {trace.Count} node spans, {nodeIssues.Count} document.issue");
        Assert.All(nodeIssues, s => Assert.Contains(s.Resource, app.NodeNames));
        Assert.Contains(nodeIssues, s => s.Attributes["civictrust.document.hash"].StartsWith('0'));

        // The failover span links the new leader's raft.role_changed span: the election, in the node's own trace.
        var election = Assert.Single(failover.Links).Context;
        var elected = await WaitForSpansAsync(dashboard, election.TraceId.ToString(), s => s.Any(span => span.Name == "raft.role_changed"), token);
        var roleChanged = Assert.Single(elected, s => s.Name == "raft.role_changed");
        Assert.Equal(result.NewLeaderId, roleChanged.Resource);
        Assert.Equal(ClusterRoleNames.Leader, roleChanged.Attributes["civictrust.raft.role"]);
        return result;
    }

    private static void AssertSpan(Activity span, long? startUnixMs, long endUnixMs)
    {
        var start = new DateTimeOffset(span.StartTimeUtc, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var end = new DateTimeOffset(span.StartTimeUtc + span.Duration, TimeSpan.Zero).ToUnixTimeMilliseconds();
        if (startUnixMs is { } expectedStart)
        {
            Assert.Equal(expectedStart, start);
        }

        Assert.Equal(endUnixMs, end);
    }

    private async Task AssertCrashCommandKillsTheNodeAsync(CivicTrustApp app, DrillResult result, CancellationToken token)
    {
        // The drill killed the old leader; the dashboard's Crash command now kills the new one, for real.
        var target = result.NewLeaderId!;
        var resource = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == target);
        var executed = await app.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, NodeCrashCommand.Name, token);
        Assert.True(executed.Success, executed.Message);

        using var seen = CancellationTokenSource.CreateLinkedTokenSource(token);
        seen.CancelAfter(TimeSpan.FromSeconds(30));
        var gone = await app.App.ResourceNotifications.WaitForResourceAsync(
            target, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), seen.Token);
        output.WriteLine($"{target} after the Crash command: {gone.Snapshot.State?.Text}, exit code {gone.Snapshot.ExitCode}");
        Assert.Equal(-1, gone.Snapshot.ExitCode);

        // Aspire reports -1 for a node killed and for one stopped by SIGTERM alike, so the node's own output tells
        // them apart: a graceful stop logs the host's shutdown, a SIGKILL leaves no last word.
        var log = new List<string>();
        await foreach (var lines in app.App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(token))
        {
            log.AddRange(lines.Select(l => l.Content));
        }

        Assert.Contains(log, l => l.Contains("Now listening on", StringComparison.Ordinal)); // the log was read at all
        Assert.DoesNotContain(log, l => l.Contains("Application is shutting down", StringComparison.Ordinal));
    }

    private static async Task<List<DashboardSpan>> WaitForSpansAsync(HttpClient dashboard, string traceId, Func<List<DashboardSpan>, bool> complete, CancellationToken token)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}", wait.Token);
            if (response.IsSuccessStatusCode)
            {
                var spans = DashboardSpan.Parse(await response.Content.ReadAsStringAsync(wait.Token));
                if (complete(spans))
                {
                    return spans;
                }
            }

            await Task.Delay(500, wait.Token);
        }
    }

    /// <summary>A span as the dashboard's telemetry API returns it (OTLP JSON).</summary>
    private sealed record DashboardSpan(string Resource, string Name, string TraceId, IReadOnlyDictionary<string, string> Attributes)
    {
        public static List<DashboardSpan> Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var spans = new List<DashboardSpan>();
            foreach (var resourceSpans in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
            {
                var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                    .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
                foreach (var span in resourceSpans.GetProperty("scopeSpans").EnumerateArray().SelectMany(s => s.GetProperty("spans").EnumerateArray()))
                {
                    var attributes = span.TryGetProperty("attributes", out var list)
                        ? list.EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").EnumerateObject().First().Value.ToString())
                        : [];
                    spans.Add(new DashboardSpan(service, span.GetProperty("name").GetString()!, span.GetProperty("traceId").GetString()!, attributes));
                }
            }

            return spans;
        }
    }
}
