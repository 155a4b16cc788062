using CivicTrust.Documents;
using CivicTrust.Node.Api;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Security;
using CivicTrust.Node.Storage;
using CivicTrust.Node.Storage.Integrity;
using CivicTrust.Node.Telemetry;
using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Http;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Connections;

// appsettings.json (log levels that keep DotNext's per-heartbeat noise out) sits beside the binary; the working
// directory of a standalone node can be anywhere.
//
// The node runs its host in a loop: when it finds damage in its own storage it stops the host, sets the damaged data
// aside and starts again in the same process, empty, to be repaired from its peers (Storage/Integrity/StorageRepair.cs).
// The data directory stays locked throughout.
DataDirectoryLock? dataLock = null;
try
{
    while (true)
    {
        var exit = await RunNodeAsync();
        if (exit is not null)
        {
            return exit.Value;
        }
    }
}
finally
{
    dataLock?.Dispose();
}

// The node's exit code, or null to start the host again for a repair.
async Task<int?> RunNodeAsync()
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

    ClusterOptions options;
    SecurityOptions security;
    TlsOptions? tls;
    RepairPlan? repair;
    long voteTermFence;
    try
    {
        options = ClusterConfiguration.Bind(builder.Configuration);
        security = SecurityConfiguration.Bind(builder.Configuration);
        tls = TlsConfiguration.Bind(builder.Configuration);
        tls?.RefusePlainHttp((builder.Configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries));
        dataLock ??= DataDirectoryLock.Acquire(options.DataDir);
        repair = RepairPlanFile.Read(options.DataDir);
        voteTermFence = VoteFenceFile.Read(options.DataDir);
    }
    catch (InvalidOperationException e)
    {
        await Console.Error.WriteLineAsync($"civictrust-node: {e.Message}");
        return 2;
    }

    // An empty data directory is a new member or a lost disk, and only the peers can tell which (LostDiskProbe): the
    // plan is on disk before the first append can be, so a crash before they answered asks them again.
    if (repair is null && DataDirectoryContents.IsEmpty(options.DataDir))
    {
        repair = RepairPlan.ForEmptyDisk(options.DataDir, DateTimeOffset.UtcNow);
        RepairPlanFile.Write(options.DataDir, repair);
    }

    if (repair is { Moved: false })
    {
        DamagedDataQuarantine.Move(options.DataDir, repair);
        repair = repair with { Moved = true };
        RepairPlanFile.Write(options.DataDir, repair);
    }

    builder.AddServiceDefaults();
    var consensusLogSilence = new ConsensusLogSilence();
    builder.Logging.AddFilter((_, category, _) => consensusLogSilence.Allows(category));
    builder.Services.AddSingleton(consensusLogSilence);

    builder.Services.AddProblemDetails();
    // The HTTP contract as an OpenAPI document (/openapi/v1.json), generated from the endpoints' typed answers.
    builder.Services.AddOpenApi();
    builder.Services.AddCivicTrustSecurity(security);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton<DocumentRegistry>();
    builder.Services.AddSingleton<PendingDocuments>();
    builder.Services.AddSingleton<ClusterView>();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<LeaderTerm>();
    builder.Services.AddSingleton<LogDirectorySync>();
    builder.Services.AddSingleton<ICommitLog, RaftCommitLog>();
    builder.Services.AddSingleton<DocumentReplicator>();
    builder.Services.AddSingleton<LeaderForwarder>();
    builder.Services.AddSingleton<RoleChangeTracer>();
    builder.Services.AddSingleton<StorageIntegrity>();
    builder.Services.AddSingleton<StorageRepair>();
    builder.Services.AddHostedService(services => services.GetRequiredService<StorageRepair>());
    builder.Services.AddHostedService<LostDiskProbe>();
    builder.Services.AddHealthChecks()
        .AddCheck<LeaderKnownHealthCheck>("raft-leader")
        .AddCheck<StorageHealthCheck>("storage");

    // What DotNext's UseStateMachine registers, with our log in place of its WriteAheadLog (DurableWriteAheadLog).
    var walOptions = new WriteAheadLog.Options
    {
        Location = Path.Combine(options.DataDir, DataDirectoryContents.LogFolder),
        ChunkSize = 1024 * 1024, // the 4 KiB default makes hundreds of files per 100k documents
    };
    builder.Services.AddSingleton<DocumentStateMachine>();
    builder.Services.AddSingleton<IStateMachine>(services => services.GetRequiredService<DocumentStateMachine>());
    builder.Services.AddSingleton<IPersistentState>(services => new DurableWriteAheadLog(
        walOptions, services.GetRequiredService<IStateMachine>(), services.GetRequiredService<LogDirectorySync>()));
    builder.Services.AddSingleton<IAuditTrail<IRaftLogEntry>>(services => services.GetRequiredService<IPersistentState>());
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
    if (tls is not null)
    {
        builder.Services.AddSingleton(tls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => MutualTls.Serve(https, tls)));
    }

    builder.Services.AddHttpClient("raftClient")
        .ConfigurePrimaryHttpMessageHandler(() => MutualTls.Call(new SocketsHttpHandler { ConnectTimeout = options.RaftConnectTimeout }, tls))
        .ConfigureAdditionalHttpMessageHandlers((handlers, services) =>
        {
            handlers.Clear();
            handlers.Add(new StorageRaftGateHandler(services.GetRequiredService<StorageIntegrity>()));
            handlers.Add(new RaftMessageDeadlines(options.RaftDeadlines, silentMembers));
            AddClusterSecret(handlers);
        });
    builder.Services.AddHttpClient(LostDiskProbe.ClientName)
        .ConfigurePrimaryHttpMessageHandler(() => MutualTls.Call(new SocketsHttpHandler(), tls))
        .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            handlers.Clear();
            AddClusterSecret(handlers);
        });
    // Every request from one member to another (Raft messages, the lost-disk probe) proves it with the secret.
    void AddClusterSecret(IList<DelegatingHandler> handlers)
    {
        if (clusterSecret is not null)
        {
            handlers.Add(new ClusterSecretHeader(clusterSecret));
        }
    }

    builder.Services.AddHttpClient(LeaderForwarder.ClientName, client => client.Timeout = options.CommitTimeout + TimeSpan.FromSeconds(2))
        .ConfigurePrimaryHttpMessageHandler(() => MutualTls.Call(new SocketsHttpHandler(), tls))
        .ConfigureAdditionalHttpMessageHandlers(static (handlers, _) => handlers.Clear());
    builder.JoinCluster(ClusterOptions.SectionName);

    var app = builder.Build();
    tls?.Certificate.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<MemberCertificate>();
    var integrity = app.Services.GetRequiredService<StorageIntegrity>();
    integrity.RaiseVoteTermFence(voteTermFence);
    if (repair is not null)
    {
        integrity.BeginRepair(repair); // one that awaits its peers says so itself (LostDiskProbe)
    }

    if (repair is { AwaitsPeers: false, Quarantine.Length: 0 })
    {
        app.Logger.LogWarning(
            "Repairing from the peers after {Damage}: no vote until this member holds the committed entries through {Watermark}.",
            repair.Damage, repair.Watermark);
    }
    else if (repair is { AwaitsPeers: false })
    {
        app.Logger.LogWarning(
            "Repairing from the peers after {Damage}: the damaged data is in {Quarantine}; no vote until this member holds the committed entries through {Watermark}.",
            repair.Damage, Path.Combine(options.DataDir, repair.Quarantine), repair.Watermark);
    }

    // Must run before anything resolves the cluster: the WAL reads the snapshot index when it is created.
    await app.Services.GetRequiredService<DocumentStateMachine>().RestoreAsync();

    app.Services.GetRequiredService<RoleChangeTracer>().Attach();
    app.Services.GetRequiredService<LeaderTerm>().Attach(app.Services.GetRequiredService<IRaftCluster>());
    ClusterGauges.Register(app.Services.GetRequiredService<ClusterView>());

    app.UseExceptionHandler();
    app.UseStatusCodePages();
    // First of all for Raft messages: with TLS, one without a member's certificate never reaches DotNext; nor one
    // without the cluster secret (nor does it wait for a flush).
    if (tls is not null)
    {
        app.UseMiddleware<MemberCertificateCheck>();
    }

    app.UseMiddleware<ClusterSecretCheck>();
    // Then members' messages may be as large as a snapshot of the whole registry.
    app.UseMiddleware<RaftBodyLimit>();
    // Then the storage gate: a member that found damage answers no Raft message, a repairing one no vote.
    app.UseMiddleware<StorageRaftGate>();
    // A member that storage lets speak answers a snapshot it has committed already as installed (DotNext would loop).
    app.UseMiddleware<OutdatedSnapshotAnswer>();
    app.UseConsensusProtocolHandler();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.MapDefaultEndpoints();
    app.MapDocumentEndpoints();
    app.MapIssuerKeyEndpoints();
    app.MapClusterEndpoints();
    app.MapOpenApi();

    security.WarnWhenOpen(app.Logger);
    app.Logger.LogInformation("{NodeId}: pid {Pid}, member {PublicUrl} of {Members}, data in {DataDir}.",
        options.NodeId, Environment.ProcessId, options.PublicUrl, string.Join(", ", options.Members), options.DataDir);
    var storageRepair = app.Services.GetRequiredService<StorageRepair>(); // RunAsync disposes the services
    await app.RunAsync();
    return storageRepair.RestartWith is null ? 0 : null;
}
