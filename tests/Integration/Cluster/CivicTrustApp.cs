using System.Net.Http.Json;
using CivicTrust.AppHost;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrust.Integration.Cluster;

/// <summary>
/// The real AppHost under the Aspire testing builder: three node processes (or <c>CivicTrust:ClusterSize</c>), the
/// embedded ledger, fresh data directories. Tests talk to the nodes over HTTP only, exactly as users and the drill do.
/// </summary>
public sealed class CivicTrustApp : IAsyncDisposable
{
    private readonly string _dataRoot;

    private CivicTrustApp(DistributedApplication app, string dataRoot, string issuerKey, IReadOnlyList<string> nodeNames)
    {
        App = app;
        NodeNames = nodeNames;
        _dataRoot = dataRoot;
        IssuerKey = issuerKey;
        // Every client carries the drill's key, as every client of a secured cluster must.
        Nodes = NodeNames.ToDictionary(name => name, name =>
        {
            var client = app.CreateHttpClient(name, "http");
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issuerKey);
            return client;
        });
    }

    /// <summary>The node resources, as named in the AppHost.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>The key of issuer <see cref="DrillIssuer.Name"/> the AppHost generated for this run.</summary>
    public string IssuerKey { get; }

    /// <summary>The folder holding each node's data directory (named after the node).</summary>
    public string DataRoot => _dataRoot;

    /// <summary>The running application.</summary>
    public DistributedApplication App { get; }

    /// <summary>An HTTP client per node, keyed by resource name.</summary>
    public IReadOnlyDictionary<string, HttpClient> Nodes { get; }

    /// <summary>Starts the app and waits until every node is healthy (which means: it sees a leader).</summary>
    /// <param name="token">Cancels the start.</param>
    /// <param name="withDashboard">Also run the dashboard (off by default under the testing builder), anonymous, so
    /// tests can read the nodes' telemetry from its API.</param>
    /// <param name="extraArgs">More AppHost arguments (e.g. <c>--CivicTrust:SnapshotInterval=50</c>).</param>
    public static async Task<CivicTrustApp> StartAsync(CancellationToken token, bool withDashboard = false, params string[] extraArgs)
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "civictrust-tests", Guid.NewGuid().ToString("n"));
        string[] args = ["--Ledger:Mode=embedded", $"--CivicTrust:DataRoot={dataRoot}", .. extraArgs];
        var builder = withDashboard
            ? await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [.. args, "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true"],
                (options, _) =>
                {
                    options.DisableDashboard = false;
                    options.AllowUnsecuredTransport = true;
                },
                token)
            : await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, token);
        var nodeNames = ClusterSize.NodeNames(builder.Configuration);
        var app = await builder.BuildAsync(token);
        await app.StartAsync(token);
        foreach (var name in nodeNames)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, token);
        }

        // The AppHost's own generated parameter, read back the way the orchestrator resolves it for the nodes.
        var issuerKey = await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == ClusterCredentials.IssuerKeyName).GetValueAsync(token)
            ?? throw new InvalidOperationException($"The AppHost's {ClusterCredentials.IssuerKeyName} parameter has no value.");
        return new CivicTrustApp(app, dataRoot, issuerKey, nodeNames);
    }

    /// <summary>The nodes' base URLs, in resource-name order: what a drill is pointed at.</summary>
    public IReadOnlyList<Uri> NodeEndpoints => [.. NodeNames.Select(name => Nodes[name].BaseAddress!)];

    /// <summary>Connects a drill ledger for <paramref name="runId"/> to the AppHost's <c>ledger</c> resource.</summary>
    public Task<RedisDrillLedger> ConnectLedgerAsync(string runId)
    {
        var endpoint = App.GetEndpoint(CivicTrust.AppHost.Ledger.Name, "tcp");
        return RedisDrillLedger.ConnectAsync($"{endpoint.Host}:{endpoint.Port}", runId, "the AppHost's ledger resource");
    }

    /// <summary>Each node's status, keyed by resource name; a node that does not answer is left out.</summary>
    public async Task<Dictionary<string, ClusterStatusResponse>> StatusesAsync(CancellationToken token)
    {
        var statuses = new Dictionary<string, ClusterStatusResponse>();
        foreach (var (name, client) in Nodes)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                statuses[name] = (await client.GetFromJsonAsync<ClusterStatusResponse>("/cluster/status", timeout.Token))!;
            }
            catch (HttpRequestException)
            {
            }
        }

        return statuses;
    }

    /// <summary>Polls until every answering node names the same leader and that node says it leads.</summary>
    public async Task<ClusterStatusResponse> WaitForAgreedLeaderAsync(int expectedNodes, CancellationToken token)
    {
        while (true)
        {
            var statuses = await StatusesAsync(token);
            var leaders = statuses.Values.Select(s => s.Leader).Distinct().ToList();
            var self = statuses.Values.Where(s => s.Role == ClusterRoleNames.Leader).ToList();
            if (statuses.Count == expectedNodes && leaders is [{ } agreed] && self is [var leader]
                && agreed.StartsWith(Nodes[leader.NodeId].BaseAddress!.ToString().TrimEnd('/'), StringComparison.Ordinal))
            {
                return leader;
            }

            await Task.Delay(20, token);
        }
    }

    /// <summary>
    /// Waits until every node has applied the same index. Followers learn the commit index with the next heartbeat,
    /// so right after a write their state may lag the leader's by one round.
    /// </summary>
    public async Task<Dictionary<string, ClusterStatusResponse>> WaitForConvergenceAsync(CancellationToken token)
    {
        while (true)
        {
            var statuses = await StatusesAsync(token);
            if (statuses.Count == Nodes.Count && statuses.Values.Select(s => s.LastApplied).Distinct().Count() == 1)
            {
                return statuses;
            }

            await Task.Delay(50, token);
        }
    }

    /// <summary>
    /// Waits until the drill-runner row shows the verdict of a drill other than the one whose report was
    /// <paramref name="lastReport"/>: the AppHost puts it there once the runner has exited.
    /// </summary>
    public Task<ResourceEvent> WaitForDrillVerdictAsync(object? lastReport, CancellationToken token) =>
        App.ResourceNotifications.WaitForResourceAsync(DrillRunnerResources.Name, e => DrillRunnerVerdict.IsVerdict(e.Snapshot.State?.Text)
            && e.Snapshot.Properties.FirstOrDefault(p => p.Name == DrillRunnerVerdict.ReportProperty) is { Value: { } report } && !report.Equals(lastReport), token);

    /// <summary>Reads a node's whole applied log, page by page, with the drill's own reader.</summary>
    public static async Task<List<LogEntryResponse>> ReadLogAsync(HttpClient node, CancellationToken token, int limit = 1000) =>
        [.. await new HttpNodeClient(node, node.BaseAddress!, TimeSpan.FromSeconds(30)) { LogPageSize = limit }.ReadLogAsync(token)];

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in Nodes.Values)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A node still shutting down may hold a file; the directory is under the temp folder anyway.
        }
    }
}
