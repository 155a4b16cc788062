using System.Globalization;

namespace CivicTrust.Bench.Throughput;

/// <summary>One run's figures: acknowledged writes per second and their latency in milliseconds.</summary>
public sealed record LoadResult(string Target, int Nodes, int Clients, long Acknowledged, long Failures, double Seconds, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Acknowledged writes per second.</summary>
    public double PerSecond => Acknowledged / Seconds;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target}: {Clients} clients, {Nodes} node(s), {Seconds:0.0} s: {PerSecond:0} writes/s; latency ms p50 {P50Ms:0.0}, p99 {P99Ms:0.0}, max {MaxMs:0.0}; failures {Failures}");
}
