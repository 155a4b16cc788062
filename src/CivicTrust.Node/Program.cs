using CivicTrust.Documents;
using CivicTrust.Node.Api;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage;
using CivicTrust.Node.Telemetry;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Http;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Connections;

// appsettings.json (log levels that keep DotNext's per-heartbeat noise out) sits beside the binary; the working
// directory of a standalone node can be anywhere.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

ClusterOptions options;
SecurityOptions security;
DataDirectoryLock dataLock;
try
{
    options = ClusterConfiguration.Bind(builder.Configuration);
    security = SecurityConfiguration.Bind(builder.Configuration);
    dataLock = DataDirectoryLock.Acquire(options.DataDir);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"civictrust-node: {e.Message}");
    return 2;
}

using var heldLock = dataLock;
builder.AddServiceDefaults();

builder.Services.AddProblemDetails();
builder.Services.AddCivicTrustSecurity(security);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<DocumentRegistry>();
builder.Services.AddSingleton<PendingDocuments>();
builder.Services.AddSingleton<ClusterView>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<LeaderTerm>();
builder.Services.AddSingleton<ICommitLog, RaftCommitLog>();
builder.Services.AddSingleton<DocumentReplicator>();
builder.Services.AddSingleton<LeaderForwarder>();
builder.Services.AddSingleton<RoleChangeTracer>();
builder.Services.AddHealthChecks().AddCheck<LeaderKnownHealthCheck>("raft-leader");

builder.Services.UseStateMachine<DocumentStateMachine>(new WriteAheadLog.Options
{
    Location = Path.Combine(options.DataDir, "wal"),
    ChunkSize = 1024 * 1024, // the 4 KiB default makes hundreds of files per 100k documents
});
builder.Services.UseInMemoryConfigurationStorage(members =>
{
    foreach (var member in options.Members)
    {
        members.Add(new UriEndPoint(member));
    }
});

// Raft and forwarded traffic must not pass through ServiceDefaults' resilience handlers: a circuit breaker shared
// across members opened while one follower was down and left the cluster leaderless for minutes (docs/platform.md, "Raft traffic under Aspire").
// Registering "raftClient" replaces DotNext's own handler, so its short connect timeout is restored here; votes get a
// deadline shorter than an election (a hung or cut-off member must not cancel every election), and every message
// carries the cluster secret that proves it comes from a member.
var silentMembers = new RaftMessageDeadlines.SilentMembers(); // shared by every handler chain the factory builds
var clusterSecret = security.ClusterSecret is { } secret ? new ClusterSecret(secret) : null;
builder.Services.AddHttpClient("raftClient")
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = options.RaftConnectTimeout })
    .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
    {
        handlers.Clear();
        handlers.Add(new RaftMessageDeadlines(options.RaftDeadlines, silentMembers));
        if (clusterSecret is not null)
        {
            handlers.Add(new ClusterSecretHeader(clusterSecret));
        }
    });
builder.Services.AddHttpClient(LeaderForwarder.ClientName, client => client.Timeout = options.CommitTimeout + TimeSpan.FromSeconds(2))
    .ConfigureAdditionalHttpMessageHandlers(static (handlers, _) => handlers.Clear());
builder.JoinCluster(ClusterOptions.SectionName);

var app = builder.Build();

// Must run before anything resolves the cluster: the WAL reads the snapshot index when it is created.
await app.Services.GetRequiredService<DocumentStateMachine>().RestoreAsync();

app.Services.GetRequiredService<RoleChangeTracer>().Attach();
app.Services.GetRequiredService<LeaderTerm>().Attach(app.Services.GetRequiredService<IRaftCluster>());
ClusterGauges.Register(app.Services.GetRequiredService<ClusterView>());

app.UseExceptionHandler();
app.UseStatusCodePages();
// First of all for Raft messages: one without the cluster secret never reaches DotNext (nor waits for a flush).
app.UseMiddleware<ClusterSecretCheck>();
// Before the Raft handler: a member answers an append only once the entries are on its disk.
app.UseMiddleware<DurableAppendAcknowledgement>();
app.UseConsensusProtocolHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapDocumentEndpoints();
app.MapClusterEndpoints();

security.WarnWhenOpen(app.Logger);
app.Logger.LogInformation("{NodeId}: pid {Pid}, member {PublicUrl} of {Members}, data in {DataDir}.",
    options.NodeId, Environment.ProcessId, options.PublicUrl, string.Join(", ", options.Members), options.DataDir);
await app.RunAsync();
return 0;
