using CivicTrust.AppHost;

// The CivicTrust cluster as users run it: three Raft nodes (CivicTrust:ClusterSize), the drill's ledger, and the drill runner.
var builder = DistributedApplication.CreateBuilder(args);

var ledger = builder.AddLedger();
var credentials = ClusterCredentials.Add(builder);
var nodes = builder.AddCivicTrustCluster(DataRoot.Resolve(builder.Configuration), credentials);
builder.AddDrillRunner(nodes, ledger, credentials);
NodeSupervisor.AddTo(builder);

builder.Build().Run();
