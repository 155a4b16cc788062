using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Failover;
using CivicTrust.DrillRunner.Report;
using CivicTrust.DrillRunner.Telemetry;

namespace CivicTrust.DrillRunner.Drill;

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
            LostAcknowledged = verification.Lost,
            Linearizability = verification.Linearizability,
            StaleAcknowledgements = [.. _staleAcknowledgements],
            FreshIssuanceOk = recovery.FreshAtUnixMs is not null,
            WriteGapMs = _load.Acknowledgements.WriteGap(crash.CrashTs),
            LongestAckGapMs = _load.Acknowledgements.LongestGap(crash.CrashTs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            Ledger = _ledger.Description,
            Fault = _options.Fault.Name(),
            CrashMethod = FaultMethod(),
            Errors = errors,
            Damage = _damage,
            Notes = [.. verification.LogEnds, .. _scheduleSteps, .. verification.Logs.RawLogSummaries, .. _load.Unfinished.Take(5).Select(u => $"issuance of {u.Key}: {u.Value}")],
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
        var how = _options.Fault switch
        {
            DrillFault.Pause => $"{_pauser.Description} for {_options.FaultDuration.TotalSeconds:0.#} s",
            DrillFault.Partition => $"{_isolator?.Description} for {_options.FaultDuration.TotalSeconds:0.#} s",
            DrillFault.DiskCorruption or DrillFault.DiskLoss => $"{_crashInjector.Description}, then its {_options.DamagedArea.Name()} damaged by {_damager?.Description}",
            DrillFault.PowerLoss => $"power cut by {_powerCutter?.Description}",
            _ => _crashInjector.Description,
        };
        var target = _options.Fault.HasTarget() ? $" of {TargetName}" : string.Empty;
        var restart = _restarter is null ? string.Empty : $"; restarts: {_restarter.Description}";
        return $"{_options.Fault.Name()}{target}: {how}{restart}";
    }
}
