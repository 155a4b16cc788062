using CivicTrust.AppHost;

// The CivicTrust cluster as users run it: three Raft nodes, the drill's ledger, and the drill runner.
var builder = DistributedApplication.CreateBuilder(args);

var ledger = builder.AddLedger();
var nodes = builder.AddCivicTrustCluster(DataRoot.Resolve(builder.Configuration));
builder.AddDrillRunner(nodes, ledger);

builder.Build().Run();
