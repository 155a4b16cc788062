using CivicTrust.AppHost;
using Microsoft.Extensions.DependencyInjection;

// The CivicTrust cluster as users run it: three Raft nodes (CivicTrust:ClusterSize), the drill's ledger, and the drill runner.
var builder = DistributedApplication.CreateBuilder(args);

var ledger = builder.AddLedger();
var credentials = ClusterCredentials.Add(builder);
var dataRoot = DataRoot.Resolve(builder.Configuration);
var nodes = builder.AddCivicTrustCluster(dataRoot, credentials);
builder.Services.AddSingleton(new NodeHolds(Path.Combine(dataRoot, "holds")));
builder.AddDrillRunner(nodes, ledger, credentials);
NodeSupervisor.AddTo(builder);

builder.Build().Run();
