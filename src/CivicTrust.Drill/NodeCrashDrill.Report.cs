using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Telemetry;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>The report: the phases' findings as measurements, judged by the criteria; the trace ended with the same times.</summary>
public sealed partial class NodeCrashDrill
{
    private DrillResult Report(CrashRecord crash, FailoverObservation? failover, RecoveryOutcome recovery, LogVerification verification, List<string> errors)
    {
        var measurements = new DrillMeasurements
        {
            Timeline = new DrillTimeline(_startedTs ?? crash.CrashTs, crash.CrashTs, failover?.AgreedAtUnixMs, recovery.RecoveredAtUnixMs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            OldLeaderId = crash.Target.NodeId,
            NewLeaderId = failover?.LeaderId,
            DocumentsSubmitted = _load.Submitted,
            DocumentsAcknowledged = _load.Acknowledged,
            Logs = verification.Logs,
            InFlight = recovery.InFlight,
            Resolve = _options.Resolve.ToString().ToLowerInvariant(),
            LostAcknowledged = verification.Lost,
            Linearizability = verification.Linearizability,
            StaleAcknowledgements = StaleAcknowledgementCheck.Find(History.Operations, History.Faults, _nodes.Count),
            FreshIssuanceOk = recovery.FreshAtUnixMs is not null,
            WriteGapMs = _load.Acknowledgements.WriteGap(crash.CrashTs),
            ScheduleEndedTs = _scheduleEndedTs,
            Throughput = ThroughputRecovery.Measure(_load.Acknowledgements.Times, _startedTs ?? crash.CrashTs, crash.CrashTs, _load.LastStartedUnixMs ?? _issuanceEndedTs, _options.DocumentsPerSecond),
            LongestAckGapMs = _load.Acknowledgements.LongestGap(crash.CrashTs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            Ledger = _ledger.Description,
            Fault = _options.Fault.Name,
            CrashMethod = FaultMethod(),
            Errors = errors,
            Damage = _schedule.Damage,
            Notes = [.. verification.LogEnds, .. _schedule.Notes, .. verification.Logs.RawLogSummaries, .. _load.Unfinished.Take(5).Select(u => $"issuance of {u.Key}: {u.Value}")],
        };
        var result = DrillResult.From(RunId, [.. _nodes.Select(n => n.Endpoint)], measurements, DrillCriteria.Evaluate(measurements, _options.FailoverLimit));
        TraceId = DrillTelemetry.Emit(Trace, result, crash, failover?.Term, new DrillTelemetry.PhaseMarks(_issuanceEndedTs, _killRequestedTs, verification.StartedAtUnixMs));
        return result;
    }

    private string TargetName => _options.Target switch
    {
        DrillTarget.Follower => "a follower",
        DrillTarget.Majority => "a majority (a follower, then the leader)",
        DrillTarget.All => "every member",
        _ => "the leader",
    };

    // What was done to the cluster and how, for the report: the schedule, its target, and the injectors it used.
    private string FaultMethod()
    {
        var fault = _options.Fault;
        var target = fault.Targets != FaultTargets.None ? $" of {TargetName}" : string.Empty;
        var restart = _schedule.Injectors.Restarter is { } restarter ? $"; restarts: {restarter.Description}" : string.Empty;
        return $"{fault.Name}{target}: {fault.Method(_schedule.Injectors, _options)}{restart}";
    }
}
