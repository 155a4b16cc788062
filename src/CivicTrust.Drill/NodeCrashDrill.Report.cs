using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Recovery;
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
            Timeline = new DrillTimeline(_issuance.StartedTs ?? crash.CrashTs, crash.CrashTs, failover?.AgreedAtUnixMs, recovery.RecoveredAtUnixMs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            OldLeaderId = crash.Target.NodeId,
            NewLeaderId = failover?.LeaderId,
            DocumentsSubmitted = Load.Submitted,
            DocumentsAcknowledged = Load.Acknowledged,
            Logs = verification.Logs,
            InFlight = recovery.InFlight,
            Resolve = _options.Resolve.ToString().ToLowerInvariant(),
            LostAcknowledged = verification.Lost,
            Linearizability = verification.Linearizability,
            Decisions = verification.Decisions,
            StaleAcknowledgements = StaleAcknowledgementCheck.Find(History.Operations, History.Faults, _nodes.Count),
            FreshIssuanceOk = recovery.FreshAtUnixMs is not null,
            WriteGapMs = Load.Acknowledgements.WriteGap(crash.CrashTs),
            ScheduleEndedTs = _scheduleEndedTs,
            OfferedPerSecond = _options.DocumentsPerSecond,
            // From the history, as drill-runner check judges it again.
            Throughput = ThroughputRecovery.FromHistory(History.Operations, RunId, Load.Submitted, _issuance.StartedTs ?? crash.CrashTs, crash.CrashTs, _options.DocumentsPerSecond),
            LongestAckGapMs = Load.Acknowledgements.LongestGap(crash.CrashTs, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            Ledger = _ledger.Description,
            Fault = _options.Fault.Name,
            CrashMethod = _schedule.Method(),
            Errors = errors,
            Damage = _schedule.Damage,
            Revocation = RevocationCheck.Check(History.Operations, History.Faults, [.. _nodes.Select(n => n.Endpoint.ToString().TrimEnd('/'))]),
            NoMemberTakenAway = !_options.Fault.TakesMemberAway,
            Notes = [.. verification.LogEnds, .. _schedule.Notes, .. verification.Logs.RawLogSummaries, .. Load.Unfinished.Take(5).Select(u => $"issuance of {u.Key}: {u.Value}")],
        };
        var result = DrillResult.From(RunId, [.. _nodes.Select(n => n.Endpoint)], measurements, DrillCriteria.Evaluate(measurements, _options.FailoverLimit));
        TraceId = DrillTelemetry.Emit(Trace, result, crash, failover?.Term, new DrillTelemetry.PhaseMarks(_issuance.EndedTs, _killRequestedTs, verification.StartedAtUnixMs));
        return result;
    }
}
