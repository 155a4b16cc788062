using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Telemetry;

/// <summary>Observable gauges read from the node's cluster view when the exporter collects.</summary>
public static class ClusterGauges
{
    /// <summary>Registers the term and commit-index gauges for <paramref name="view"/>.</summary>
    public static void Register(ClusterView view)
    {
        NodeTelemetry.Meter.CreateObservableGauge("civictrust.raft.term", () => view.Term, "{term}", "The node's current Raft term.");
        NodeTelemetry.Meter.CreateObservableGauge("civictrust.raft.commit_index", () => view.CommitIndex, "{entry}", "Highest log index this node knows committed.");
    }
}
