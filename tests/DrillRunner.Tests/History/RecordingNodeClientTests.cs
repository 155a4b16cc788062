using System.Diagnostics.Metrics;
using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Telemetry;
using CivicTrust.DrillRunner.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CivicTrust.DrillRunner.Tests.History;

public sealed class RecordingNodeClientTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));

    [Fact]
    public async Task Each_request_is_noted_with_its_attempt_outcome_and_times()
    {
        var cluster = new InMemoryCluster(3);
        var history = new DrillHistory();
        var leader = new RecordingNodeClient(cluster.Nodes[0], history, _time);
        var follower = new RecordingNodeClient(cluster.Nodes[1], history, _time);
        var document = DrillDocument.Create("run", 1, "load");

        await leader.IssueAsync(document, CancellationToken.None);
        await leader.IssueAsync(document, CancellationToken.None);
        cluster.Crash(1);
        await Assert.ThrowsAsync<NodeUnreachableException>(() => follower.GetDocumentAsync(document.Hash, CancellationToken.None));
        await leader.AbortAsync(document.Hash, CancellationToken.None);
        await leader.GetStatusAsync(CancellationToken.None);

        Assert.Collection(
            history.Operations,
            o => Assert.Equal(("issue", 1, OperationOutcomes.Ok, 201), (o.Op, o.Attempt, o.Outcome, o.Status)),
            o => Assert.Equal(("issue", 2, OperationOutcomes.Ok, 200), (o.Op, o.Attempt, o.Outcome, o.Status)),
            o => Assert.Equal(("read", 1, OperationOutcomes.Unavailable, (int?)null), (o.Op, o.Attempt, o.Outcome, o.Status)),
            o => Assert.Equal(("abort", 1, OperationOutcomes.Refused, 409), (o.Op, o.Attempt, o.Outcome, o.Status)));
        Assert.All(history.Operations, o => Assert.Equal(1_000_000, o.StartMs));
        Assert.Equal(cluster.Nodes[1].Endpoint.ToString(), history.Operations[2].Node);
    }

    [Fact]
    public async Task A_request_with_a_run_time_key_names_that_key_by_its_hash_and_every_answer_its_index()
    {
        var cluster = new InMemoryCluster(3);
        var history = new DrillHistory();
        var key = DrillKey.Of("a-run-time-key");
        cluster.IssuerKeys.Admit("civictrust-drill", key.Sha256);
        var drills = new RecordingNodeClient(cluster.Nodes[0], history, _time);

        await drills.IssueAsync(DrillDocument.Create("run", 1, "load"), CancellationToken.None);
        await drills.WithIssuerKey(key).IssueAsync(DrillDocument.Create("run", 2, "load"), CancellationToken.None);
        cluster.IssuerKeys.Revoke(key.Sha256);
        await drills.WithIssuerKey(key).IssueAsync(DrillDocument.Create("run", 3, "load"), CancellationToken.None);

        Assert.Collection(
            history.Operations,
            o => Assert.Equal((201, (string?)null, (long?)2), (o.Status!.Value, o.Key, o.Index)),
            o => Assert.Equal((201, key.Sha256, (long?)3), (o.Status!.Value, o.Key, o.Index)),
            o => Assert.Equal((401, key.Sha256, (long?)null), (o.Status!.Value, o.Key, o.Index)));
        // The secret itself is written nowhere.
        Assert.DoesNotContain(history.Operations, o => JsonSerializer.Serialize(o).Contains(key.Secret, StringComparison.Ordinal));
        Assert.DoesNotContain("\"key\"", JsonSerializer.Serialize(history.Operations[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_request_is_also_measured_for_the_dashboard_by_operation_and_outcome()
    {
        var measured = new System.Collections.Concurrent.ConcurrentBag<(string Instrument, double Value, string? Op, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DrillMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Add((i.Name, v, Tag(tags, "operation"), Tag(tags, "outcome"))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Add((i.Name, v, Tag(tags, "operation"), Tag(tags, "outcome"))));
        listener.Start();
        var client = new RecordingNodeClient(new AdvancingNode(new InMemoryCluster(3).Nodes[0], _time, TimeSpan.FromMilliseconds(37)), new DrillHistory(), _time);

        await client.IssueAsync(DrillDocument.Create("metrics", 1, "load"), CancellationToken.None);

        // Other tests may measure at the same time; this one's 37 ms issue is unmistakable.
        Assert.Contains(("civictrust.drill.operation.duration", 37.0, "issue", OperationOutcomes.Ok), measured);
        Assert.Contains(measured, m => m is ("civictrust.drill.operations", 1, "issue", OperationOutcomes.Ok));
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    [Fact]
    public async Task A_request_that_runs_out_its_deadline_is_a_timeout()
    {
        var history = new DrillHistory();
        var client = new RecordingNodeClient(new SilentNode(SilentNode.DeadlineExpires), history, _time);

        await Assert.ThrowsAsync<NodeUnreachableException>(() => client.IssueAsync(DrillDocument.Create("run", 2, "load"), CancellationToken.None));

        Assert.Equal(OperationOutcomes.Timeout, Assert.Single(history.Operations).Outcome);
    }

    [Fact]
    public async Task A_request_the_drill_itself_cancels_is_kept_with_an_unknown_outcome()
    {
        var history = new DrillHistory();
        var client = new RecordingNodeClient(new SilentNode(SilentNode.WaitsForCancellation), history, _time);
        using var stop = new CancellationTokenSource();

        var issue = client.IssueAsync(DrillDocument.Create("run", 3, "load"), stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => issue);
        var cancelled = Assert.Single(history.Operations);
        Assert.Equal(("issue", OperationOutcomes.Cancelled, (int?)null), (cancelled.Op, cancelled.Outcome, cancelled.Status));
    }

    [Fact]
    public async Task The_history_file_has_one_json_object_per_operation()
    {
        var history = new DrillHistory();
        var client = new RecordingNodeClient(new InMemoryCluster(3).Nodes[0], history, _time);
        for (var i = 0; i < 3; i++)
        {
            await client.IssueAsync(DrillDocument.Create("run", i, "load"), CancellationToken.None);
        }

        var directory = Path.Combine(Path.GetTempPath(), "civictrust-history-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            var lines = await File.ReadAllLinesAsync(await history.WriteAsync(directory, CancellationToken.None));

            Assert.Equal(3, lines.Length);
            Assert.All(lines, line => Assert.Equal("issue", JsonDocument.Parse(line).RootElement.GetProperty("op").GetString()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Answers no issue: either the HTTP client's deadline fires (reported as an unreachable node caused by a
    // cancellation), or the request waits until the caller cancels it.
    private sealed class SilentNode(Func<Uri, CancellationToken, Task<NodeAnswer>> issue) : INodeClient
    {
        public static readonly Func<Uri, CancellationToken, Task<NodeAnswer>> DeadlineExpires =
            (endpoint, _) => Task.FromException<NodeAnswer>(new NodeUnreachableException(endpoint, new TaskCanceledException("deadline")));

        public static readonly Func<Uri, CancellationToken, Task<NodeAnswer>> WaitsForCancellation =
            async (_, token) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
                throw new InvalidOperationException("Only a cancellation ends this request.");
            };

        public Uri Endpoint { get; } = new("http://127.0.0.1:5199/");

        public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) => throw new NotSupportedException();

        public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token) => issue(Endpoint, token);

        public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) => throw new NotSupportedException();

        public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) => throw new NotSupportedException();

        public INodeClient WithIssuerKey(DrillKey key) => throw new NotSupportedException();

        public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token) => throw new NotSupportedException();

        public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token) => throw new NotSupportedException();
    }
}
