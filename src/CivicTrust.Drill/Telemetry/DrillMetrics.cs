using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CivicTrust.Drill.Telemetry;

/// <summary>
/// The drill's instruments, meter <c>CivicTrust.Drill</c>: every issue, read and abort it sends, by outcome, so the
/// dashboard's Metrics page draws the dip at the crash and the recovery while a drill runs.
/// </summary>
public static class DrillMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "CivicTrust.Drill";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Operations ended, tagged <c>operation</c> (issue, read, abort) and <c>outcome</c> (ok, refused, unavailable, timeout, error); acknowledged issues are <c>issue</c>/<c>ok</c>.</summary>
    public static readonly Counter<long> Operations =
        Meter.CreateCounter<long>("civictrust.drill.operations", "{operation}", "Document operations the drill sent, by operation and outcome.");

    /// <summary>Latency of each operation, same tags.</summary>
    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("civictrust.drill.operation.duration", "ms", "Latency of the drill's document operations, by operation and outcome.");

    /// <summary>Records one ended operation.</summary>
    public static void Record(string operation, string outcome, double milliseconds)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        Operations.Add(1, tags);
        Duration.Record(milliseconds, tags);
    }
}
