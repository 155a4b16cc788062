using System.Diagnostics;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Report;

namespace CivicTrust.Drill.Telemetry;

/// <summary>
/// The drill's trace, <c>ActivitySource</c> <c>CivicTrust.Drill</c>: one root span <c>drill</c> with children
/// <c>drill.issuance</c>, <c>drill.crash</c>, <c>drill.failover</c>, <c>drill.recovery</c> and <c>drill.verify</c>.
/// The spans are live while the drill runs (<see cref="DrillTrace"/>: the drill's sampled HTTP calls are their
/// children) and are ended once the run is judged, with the report's own timestamps as their boundaries, so the trace
/// and the report can never disagree.
/// </summary>
public static class DrillTelemetry
{
    /// <summary>Name of the activity source.</summary>
    public const string SourceName = "CivicTrust.Drill";

    /// <summary>The drill's spans.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The moments the report does not carry but the spans need.</summary>
    /// <param name="IssuanceEndedTs">The load finished or was stopped.</param>
    /// <param name="KillRequestedTs">The leader search started.</param>
    /// <param name="VerifyStartedTs">Log comparison started.</param>
    public sealed record PhaseMarks(long IssuanceEndedTs, long KillRequestedTs, long VerifyStartedTs);

    /// <summary>
    /// Ends the spans of <paramref name="trace"/> with the times and facts of <paramref name="result"/>; returns the
    /// root span's trace id (null when nobody listens).
    /// </summary>
    public static string? Emit(DrillTrace trace, DrillResult result, CrashRecord crash, long? failoverTerm, PhaseMarks marks)
    {
        var t = result.Timeline;
        using var ending = trace;
        if (trace.Root is not { } root)
        {
            return null;
        }

        root.SetStartTime(At(t.StartedTs).UtcDateTime);

        root.SetTag("civictrust.drill.run_id", result.RunId)
            .SetTag("civictrust.drill.nodes", string.Join(",", result.Nodes))
            .SetTag("civictrust.drill.passed", result.Passed)
            .SetTag("civictrust.drill.documents_submitted", result.DocumentsSubmitted)
            .SetTag("civictrust.drill.documents_acknowledged", result.DocumentsAcknowledged);

        Child(trace, "drill.issuance", t.StartedTs, marks.IssuanceEndedTs, span => span
            .SetTag("civictrust.drill.documents_submitted", result.DocumentsSubmitted)
            .SetTag("civictrust.drill.documents_acknowledged", result.DocumentsAcknowledged)
            .SetTag("civictrust.drill.write_gap_ms", result.WriteGapMs));

        Child(trace, "drill.crash", marks.KillRequestedTs, crash.CrashTs, span => span
            .SetTag("civictrust.drill.killed_node", crash.Target.NodeId)
            .SetTag("civictrust.drill.killed_pid", crash.Target.Pid)
            .SetTag("civictrust.drill.crash_method", result.CrashMethod)
            .SetTag("civictrust.drill.crash_ts", crash.CrashTs));

        Child(trace, "drill.failover", crash.CrashTs, t.FailoverTs ?? t.FinishedTs, span =>
        {
            span.SetTag("civictrust.drill.old_leader", result.OldLeaderId)
                .SetTag("civictrust.drill.new_leader", result.NewLeaderId)
                .SetTag("civictrust.drill.term", failoverTerm)
                .SetTag("civictrust.drill.failover_duration_ms", result.FailoverDurationMs);
            if (t.FailoverTs is null)
            {
                span.SetStatus(ActivityStatusCode.Error, "no new leader agreed");
            }
        });

        if (t.FailoverTs is { } failover)
        {
            Child(trace, "drill.recovery", failover, t.RecoveryTs ?? marks.VerifyStartedTs, span =>
            {
                span.SetTag("civictrust.drill.inflight_committed", result.InflightCommitted)
                    .SetTag("civictrust.drill.inflight_aborted", result.InflightAborted)
                    .SetTag("civictrust.drill.inflight_pending", result.InflightPending)
                    .SetTag("civictrust.drill.fresh_issuance_ok", result.FreshIssuanceOk)
                    .SetTag("civictrust.drill.recovery_duration_ms", result.RecoveryDurationMs);
                if (t.RecoveryTs is null)
                {
                    span.SetStatus(ActivityStatusCode.Error, "in-flight documents left pending or no fresh issuance");
                }
            });
        }

        Child(trace, "drill.verify", marks.VerifyStartedTs, t.FinishedTs, span =>
        {
            span.SetTag("civictrust.drill.duplicate_count", result.DuplicateCount)
                .SetTag("civictrust.drill.divergent_entries", result.DivergentEntries)
                .SetTag("civictrust.drill.lost_acknowledged", result.LostAcknowledged);
            foreach (var criterion in result.Criteria)
            {
                span.SetTag($"civictrust.drill.criterion.{criterion.Id}", (criterion.Passed ? "pass: " : "FAIL: ") + criterion.Measured);
            }

            SetVerdict(span, result);
        });

        SetVerdict(root, result);
        root.SetEndTime(At(t.FinishedTs).UtcDateTime);
        return root.TraceId.ToString();
    }

    private static void Child(DrillTrace trace, string name, long startTs, long endTs, Action<Activity> describe)
    {
        if (trace.Phase(name) is not { } span)
        {
            return;
        }

        describe(span);
        span.SetStartTime(At(startTs).UtcDateTime);
        span.SetEndTime(At(Math.Max(startTs, endTs)).UtcDateTime);
        span.Stop();
    }

    private static void SetVerdict(Activity span, DrillResult result) =>
        span.SetStatus(
            result.Passed ? ActivityStatusCode.Ok : ActivityStatusCode.Error,
            result.Passed ? "passed" : "failed: " + string.Join(", ", result.FailedCriteria.Select(c => c.Id)));

    private static DateTimeOffset At(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
