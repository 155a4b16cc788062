using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// <c>throughput_recovered</c>: how long after the fault the acknowledgements came back to most of their rate before
/// it. A pure function of when each acknowledgement arrived: the moment clients could write again, which the failover
/// alone does not say (a client waiting on a member that stopped answering gets nothing from a new leader).
/// </summary>
/// <param name="PreFaultPerSecond">Acknowledgements per second in the second before the fault (or since the load began, if later).</param>
/// <param name="RecoveredAtUnixMs">The first acknowledgement after the fault from which a window's worth came at the
/// required share of that rate; <see langword="null"/> when none did (or nothing could be measured).</param>
/// <param name="WhyNotMeasured">Why the recovery could not be measured, or <see langword="null"/> when it was.</param>
/// <param name="JudgeableUntilUnixMs">The latest moment a whole window could start while the load still had new
/// documents to send: a recovery not seen by then is no recovery; one due later cannot be judged.</param>
public sealed record ThroughputRecovery(double PreFaultPerSecond, long? RecoveredAtUnixMs, string? WhyNotMeasured, long JudgeableUntilUnixMs = long.MaxValue)
{
    /// <summary>
    /// The share of the pre-fault rate that counts as recovered. Half, not the 80 % first tried: with one of three
    /// members gone every commit waits on the one follower left, and a load running near the cluster's capacity stayed
    /// under 80 % for three seconds after a pause's failover in CI (823 ms) although no client was waiting on the frozen
    /// member. A client that does wait on it keeps the rate near zero for seconds, which half still catches.
    /// </summary>
    public const double Share = 0.5;

    /// <summary>How long a stretch must hold that share: short enough to see a recovery to the nearest tenth of a second.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    // Fewer acknowledgements than this in the second before the fault make no rate worth comparing against.
    private const int FewestBeforeFault = 20;

    // Acknowledged at less than this share of the pace it offered, the load was bound by the cluster, not by its pace:
    // after losing a member the cluster has less to give (a commit waits on a slower or lagging follower), and the
    // rate then measures that capacity, not whether clients got back to writing.
    private const double Saturated = 0.5;

    /// <summary>
    /// <see cref="Measure"/> from the history alone, as the drill and <c>drill-runner check</c> both judge it: a load
    /// document is acknowledged when the first 2xx COMMITTED answer to it ended, and the load's last document started
    /// with its first send. The load's documents are told from the fault's probes and the fresh document by their hashes,
    /// which the run id and the count determine (<see cref="DrillDocument.Create"/>).
    /// </summary>
    /// <param name="history">Every operation of the run.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="documents">How many documents the load sent.</param>
    /// <param name="loadStartedUnixMs">When issuance started.</param>
    /// <param name="faultUnixMs">When the fault hit (<c>crash_ts</c>).</param>
    /// <param name="offeredPerSecond">The load's pace.</param>
    public static ThroughputRecovery FromHistory(
        IReadOnlyList<DrillOperation> history, string runId, int documents, long loadStartedUnixMs, long faultUnixMs, double offeredPerSecond)
    {
        var load = Enumerable.Range(0, documents).Select(i => DrillDocument.Create(runId, i, "load").Hash).ToHashSet(StringComparer.Ordinal);
        var issues = history.Where(o => o.Op == OperationKinds.Issue && load.Contains(o.Hash)).ToList();
        var acknowledged = issues.Where(o => o.Outcome == OperationOutcomes.Ok && o.DocumentStatus == DocumentStatusNames.Committed)
            .GroupBy(o => o.Hash, StringComparer.Ordinal).Select(g => g.Min(o => o.EndMs));
        var lastStarted = issues.Count == 0 ? faultUnixMs : issues.GroupBy(o => o.Hash, StringComparer.Ordinal).Max(g => g.Min(o => o.StartMs));
        return Measure(acknowledged, loadStartedUnixMs, faultUnixMs, lastStarted, offeredPerSecond);
    }

    /// <summary>Measures the recovery from <paramref name="acknowledgedAtUnixMs"/> around the fault at <paramref name="faultUnixMs"/>.</summary>
    /// <param name="acknowledgedAtUnixMs">When each acknowledgement arrived.</param>
    /// <param name="loadStartedUnixMs">When the load began.</param>
    /// <param name="faultUnixMs">The fault (<c>crash_ts</c>).</param>
    /// <param name="lastStartedUnixMs">When the load started its last document: a window reaching past it may be short of
    /// work rather than of throughput, and proves nothing.</param>
    /// <param name="offeredPerSecond">The pace the load offered (documents started per second).</param>
    public static ThroughputRecovery Measure(IEnumerable<long> acknowledgedAtUnixMs, long loadStartedUnixMs, long faultUnixMs, long lastStartedUnixMs, double offeredPerSecond)
    {
        var times = acknowledgedAtUnixMs.Order().ToArray();
        var from = Math.Max(loadStartedUnixMs, faultUnixMs - 1000);
        var before = times.Count(t => t > from && t <= faultUnixMs);
        var perSecond = faultUnixMs > from ? before * 1000.0 / (faultUnixMs - from) : 0;
        if (before < FewestBeforeFault)
        {
            return new(perSecond, null, string.Create(CultureInfo.InvariantCulture, $"{before} acknowledgements before the fault, too few for a rate"));
        }

        if (perSecond < offeredPerSecond * Saturated)
        {
            return new(perSecond, null, string.Create(CultureInfo.InvariantCulture,
                $"the load ran at the cluster's capacity ({perSecond:0}/s acknowledged of {offeredPerSecond:0}/s offered), so its rate after the fault measures what the cluster had left, not the clients"));
        }

        var window = (long)Window.TotalMilliseconds;
        var judgeableUntil = lastStartedUnixMs - window;
        var needed = (int)Math.Ceiling(perSecond * Share * window / 1000.0);
        for (var i = Array.FindIndex(times, t => t > faultUnixMs); i >= 0 && i < times.Length && times[i] <= judgeableUntil; i++)
        {
            var end = times[i] + window;
            var inWindow = 0;
            for (var j = i; j < times.Length && times[j] < end; j++)
            {
                inWindow++;
            }

            if (inWindow >= needed)
            {
                return new(perSecond, times[i], null, judgeableUntil);
            }
        }

        return new(perSecond, null, null, judgeableUntil);
    }
}
