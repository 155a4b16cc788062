using System.Collections.Concurrent;

namespace CivicTrust.Drill.Issuance;

/// <summary>When each acknowledgement arrived (Unix ms): the write gap is read from it.</summary>
public sealed class AcknowledgementLog
{
    private readonly ConcurrentQueue<long> _times = new();

    /// <summary>Number of acknowledgements.</summary>
    public int Count => _times.Count;

    /// <summary>When each acknowledgement arrived, in the order they were recorded.</summary>
    public IReadOnlyList<long> Times => [.. _times];

    /// <summary>Records one acknowledgement at <paramref name="unixMs"/>.</summary>
    public void Add(long unixMs) => _times.Enqueue(unixMs);

    /// <summary>
    /// Last acknowledgement at or before <paramref name="crashUnixMs"/> to the first one after it, or
    /// <see langword="null"/> when either side has none.
    /// </summary>
    public long? WriteGap(long crashUnixMs)
    {
        long? before = null, after = null;
        foreach (var time in _times)
        {
            if (time <= crashUnixMs)
            {
                before = Math.Max(before ?? time, time);
            }
            else
            {
                after = Math.Min(after ?? time, time);
            }
        }

        return before is { } b && after is { } a ? a - b : null;
    }

    /// <summary>
    /// The longest stretch without any acknowledgement that reaches past <paramref name="crashUnixMs"/> and
    /// ends by <paramref name="untilUnixMs"/>. Unlike <see cref="WriteGap"/>, responses already on the wire when the
    /// leader died (acknowledged a few ms after the crash) do not hide the outage clients actually saw.
    /// </summary>
    public long? LongestGap(long crashUnixMs, long untilUnixMs)
    {
        var sorted = _times.Order().ToList();
        long? longest = null;
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] > crashUnixMs && sorted[i] <= untilUnixMs)
            {
                longest = Math.Max(longest ?? 0, sorted[i] - sorted[i - 1]);
            }
        }

        return longest;
    }
}
