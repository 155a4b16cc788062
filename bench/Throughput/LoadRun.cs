using System.Diagnostics;

namespace CivicTrust.Bench.Throughput;

/// <summary>
/// Closed-loop clients (send, await the answer, send the next) against a target for a fixed time or a fixed number
/// of writes; the latencies of acknowledged writes and the count of the others.
/// </summary>
public static class LoadRun
{
    /// <summary>Runs <paramref name="clients"/> clients spread over <paramref name="nodes"/> until <paramref name="duration"/> passes or <paramref name="writes"/> are sent.</summary>
    /// <remarks>
    /// With a <c>timeline</c>, every acknowledged write is written to it as one line: the client count, seconds since
    /// the start when it was answered, and its latency in ms (a stall shows as a column of high latencies at one moment).
    /// </remarks>
    public static async Task<LoadResult> RunAsync(LoadTarget target, HttpClient http, IReadOnlyList<Uri> nodes, int clients, TimeSpan? duration, long? writes, string run, TextWriter? timeline = null)
    {
        var latencies = new List<double>[clients];
        var answered = new List<double>[clients];
        var failures = 0L;
        var next = -1L;
        using var stop = duration is { } d ? new CancellationTokenSource(d) : new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(4096);
            var myAnswers = answered[client] = new List<double>(4096);
            long serial;
            while (!stop.IsCancellationRequested && (serial = Interlocked.Increment(ref next)) < (writes ?? long.MaxValue))
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    // The run's end does not cancel a write in flight: its answer still counts.
                    ok = await target.WriteAsync(http, nodes[(int)((client + serial) % nodes.Count)], run, serial, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                if (ok)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    myAnswers.Add(clock.Elapsed.TotalSeconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        clock.Stop();
        if (timeline is not null)
        {
            foreach (var (at, ms) in answered.SelectMany((a, c) => a.Zip(latencies[c])).OrderBy(p => p.First))
            {
                timeline.WriteLine(FormattableString.Invariant($"{clients},{at:F4},{ms:F2}"));
            }
        }

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(target.Name, nodes.Count, clients, all.Length, failures, clock.Elapsed.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length > 0 ? all[^1] : 0);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
