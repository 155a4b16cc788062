using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Telemetry;

/// <summary>Observable gauges read from the node's cluster view when the exporter collects.</summary>
public static class ClusterGauges
{
    private static volatile ClusterView? _view;
    private static int _registered;

    /// <summary>Points the term and commit-index gauges at <paramref name="view"/>.</summary>
    /// <remarks>
    /// The gauges live on the process-wide meter and are created once; a node that restarts its host in the same
    /// process (a storage repair) only points them at the new view.
    /// </remarks>
    public static void Register(ClusterView view)
    {
        _view = view;
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NodeTelemetry.Meter.CreateObservableGauge("civictrust.raft.term", () => _view?.Term ?? 0, "{term}", "The node's current Raft term.");
            NodeTelemetry.Meter.CreateObservableGauge("civictrust.raft.commit_index", () => _view?.CommitIndex ?? 0, "{entry}", "Highest log index this node knows committed.");
        }
    }
}
