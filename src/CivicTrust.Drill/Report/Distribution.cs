using System.Text.Json.Serialization;

namespace CivicTrust.Drill.Report;

/// <summary>Min, median, 95th percentile and max of a measure over several drills (nearest-rank percentiles).</summary>
public sealed record Distribution(
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("count")] int Count)
{
    /// <summary>The distribution of the values present, or <see langword="null"/> when no run measured it.</summary>
    public static Distribution? Of(IEnumerable<long?> values)
    {
        var sorted = values.OfType<long>().Select(v => (double)v).Order().ToArray();
        return sorted.Length == 0 ? null : new Distribution(sorted[0], Rank(sorted, 0.50), Rank(sorted, 0.95), sorted[^1], sorted.Length);
    }

    // Nearest rank: the smallest value with at least p of the values at or below it.
    private static double Rank(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
