using System.Text.Json.Serialization;

namespace CivicTrust.Drill.Report;

/// <summary>
/// The verdict of one node-crash drill. Serialized flat, in the snake_case names that docs/node-crash-drill.md lists
/// and other tools read (timestamps in Unix epoch milliseconds), plus a few fields that say how the
/// drill ran (<c>run_id</c>, <c>nodes</c>, <c>ledger</c>, <c>crash_method</c>, <c>findings</c>, <c>errors</c>).
/// </summary>
public sealed record DrillResult
{
    /// <summary>Builds the result from the measurements and their judgement.</summary>
    public static DrillResult From(string runId, IReadOnlyList<Uri> nodes, DrillMeasurements m, IReadOnlyList<DrillCriterion> criteria) => new()
    {
        RunId = runId,
        Nodes = [.. nodes.Select(n => n.ToString().TrimEnd('/'))],
        Timeline = m.Timeline,
        OldLeaderId = m.OldLeaderId,
        NewLeaderId = m.NewLeaderId,
        DocumentsSubmitted = m.DocumentsSubmitted,
        DocumentsAcknowledged = m.DocumentsAcknowledged,
        DuplicateCount = m.Logs.DuplicateCount,
        DivergentEntries = m.Logs.DivergentEntries,
        InflightCommitted = m.InFlight.Committed,
        InflightAborted = m.InFlight.Aborted,
        InflightPending = m.InFlight.Pending.Count,
        InflightAbortedByCluster = m.InFlight.AbortedByCluster,
        InflightFencedByDrill = m.InFlight.FencedByDrill,
        InflightPendingAtFirstRead = m.InFlight.PendingAtFirstRead,
        InflightResubmittedByDrill = m.InFlight.ResubmittedByDrill,
        Resolve = m.Resolve,
        LostAcknowledged = m.LostAcknowledged.Count,
        FreshIssuanceOk = m.FreshIssuanceOk,
        WriteGapMs = m.WriteGapMs,
        ThroughputRecoveredTs = m.Throughput?.RecoveredAtUnixMs,
        DocumentsPerSecond = m.OfferedPerSecond,
        ScheduleEndedTs = m.ScheduleEndedTs,
        LongestAckGapMs = m.LongestAckGapMs,
        Criteria = criteria,
        Passed = criteria.All(c => c.Passed),
        Ledger = m.Ledger,
        CrashMethod = m.CrashMethod,
        Fault = m.Fault,
        Findings = [.. m.Logs.Findings, .. m.InFlight.Pending.Take(5).Select(h => $"pending: {h}"), .. m.LostAcknowledged.Take(5).Select(h => $"lost: {h}"),
            .. m.Linearizability.Violations.Take(5).Select(v => $"not linearizable: {v}"),
            .. m.StaleAcknowledgements.Take(5).Select(s => $"stale acknowledgement: {s}"),
            .. (m.Revocation?.Violations ?? []).Take(5).Select(v => $"revoked key: {v}"), .. m.Notes],
        Errors = m.Errors,
    };

    /// <summary>Identifies the run (and its ledger key).</summary>
    [JsonPropertyName("run_id")]
    public required string RunId { get; init; }

    /// <summary>The drilled nodes' URLs.</summary>
    [JsonPropertyName("nodes")]
    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>The moments of the run.</summary>
    [JsonIgnore]
    public DrillTimeline Timeline { get; init; } = new(0, null, null, null, 0);

    /// <summary>Issuance started.</summary>
    [JsonPropertyName("started_ts")]
    public long StartedTs => Timeline.StartedTs;

    /// <summary>The leader was killed.</summary>
    [JsonPropertyName("crash_ts")]
    public long? CrashTs => Timeline.CrashTs;

    /// <summary>The survivors agreed on a new leader.</summary>
    [JsonPropertyName("failover_ts")]
    public long? FailoverTs => Timeline.FailoverTs;

    /// <summary>In-flight documents terminal and a fresh document committed.</summary>
    [JsonPropertyName("recovery_ts")]
    public long? RecoveryTs => Timeline.RecoveryTs;

    /// <summary>Crash to failover.</summary>
    [JsonPropertyName("failover_duration_ms")]
    public long? FailoverDurationMs => Timeline.FailoverDurationMs;

    /// <summary>Failover to recovery.</summary>
    [JsonPropertyName("recovery_duration_ms")]
    public long? RecoveryDurationMs => Timeline.RecoveryDurationMs;

    /// <summary>The killed leader.</summary>
    [JsonPropertyName("old_leader_id")]
    public required string OldLeaderId { get; init; }

    /// <summary>The new leader, if one was agreed.</summary>
    [JsonPropertyName("new_leader_id")]
    public string? NewLeaderId { get; init; }

    /// <summary>Documents recorded as submitted.</summary>
    [JsonPropertyName("documents_submitted")]
    public required int DocumentsSubmitted { get; init; }

    /// <summary>Documents acknowledged to the client.</summary>
    [JsonPropertyName("documents_acknowledged")]
    public required int DocumentsAcknowledged { get; init; }

    /// <summary>Extra occurrences of hashes in node logs.</summary>
    [JsonPropertyName("duplicate_count")]
    public required int DuplicateCount { get; init; }

    /// <summary>Indices where nodes disagree.</summary>
    [JsonPropertyName("divergent_entries")]
    public required int DivergentEntries { get; init; }

    /// <summary>When the acknowledgements came back to half their pre-fault rate (<c>throughput_recovered</c>), if they were seen to.</summary>
    [JsonPropertyName("throughput_recovered_ts")]
    public long? ThroughputRecoveredTs { get; init; }

    /// <summary>The fault to <see cref="ThroughputRecoveredTs"/>.</summary>
    [JsonPropertyName("throughput_recovered_ms")]
    public long? ThroughputRecoveredMs => ThroughputRecoveredTs is { } back && CrashTs is { } crash ? back - crash : null;

    /// <summary>The pace the load offered (<c>--rate</c>): what tells a load bound by the cluster from one bound by its pace.</summary>
    [JsonPropertyName("documents_per_second")]
    public double? DocumentsPerSecond { get; init; }

    /// <summary>When the fault's schedule stopped acting on the cluster: throughput is judged from it when it ends after the failover.</summary>
    [JsonPropertyName("schedule_ended_ts")]
    public long? ScheduleEndedTs { get; init; }

    /// <summary>In-flight documents found committed.</summary>
    [JsonPropertyName("inflight_committed")]
    public required int InflightCommitted { get; init; }

    /// <summary>In-flight documents that ended aborted (by the cluster or by the drill's fence).</summary>
    [JsonPropertyName("inflight_aborted")]
    public required int InflightAborted { get; init; }

    /// <summary>Of the aborted: already ABORTED when the drill first asked.</summary>
    [JsonPropertyName("inflight_aborted_by_cluster")]
    public int InflightAbortedByCluster { get; init; }

    /// <summary>Of the aborted: aborted by the drill's own fence.</summary>
    [JsonPropertyName("inflight_fenced_by_drill")]
    public int InflightFencedByDrill { get; init; }

    /// <summary>Of the committed: committed by the drill's own resubmission (<c>--resolve retry</c>).</summary>
    [JsonPropertyName("inflight_resubmitted_by_drill")]
    public int InflightResubmittedByDrill { get; init; }

    /// <summary>How in-flight documents were settled: <c>fence</c> or <c>retry</c> (<c>--resolve</c>).</summary>
    [JsonPropertyName("resolve")]
    public string Resolve { get; init; } = "fence";

    /// <summary>In-flight documents the leader reported PENDING when first asked.</summary>
    [JsonPropertyName("inflight_pending_at_first_read")]
    public int InflightPendingAtFirstRead { get; init; }

    /// <summary>In-flight documents still undecided.</summary>
    [JsonPropertyName("inflight_pending")]
    public required int InflightPending { get; init; }

    /// <summary>Acknowledged documents missing on the new leader.</summary>
    [JsonPropertyName("lost_acknowledged")]
    public required int LostAcknowledged { get; init; }

    /// <summary>Whether a fresh document committed on the new leader.</summary>
    [JsonPropertyName("fresh_issuance_ok")]
    public required bool FreshIssuanceOk { get; init; }

    /// <summary>Last acknowledgement before the crash to the first after it.</summary>
    [JsonPropertyName("write_gap_ms")]
    public long? WriteGapMs { get; init; }

    /// <summary>Longest stretch without acknowledgements across the crash: the outage clients saw.</summary>
    [JsonPropertyName("longest_ack_gap_ms")]
    public long? LongestAckGapMs { get; init; }

    /// <summary>Each criterion with its measurement.</summary>
    [JsonPropertyName("criteria")]
    public required IReadOnlyList<DrillCriterion> Criteria { get; init; }

    /// <summary>The verdict: every criterion passed.</summary>
    [JsonPropertyName("passed")]
    public required bool Passed { get; init; }

    /// <summary><c>passed</c> or <c>failed</c>; a drill that could not run writes <c>error</c> (<see cref="DrillError"/>).</summary>
    [JsonPropertyName("verdict")]
    public string Verdict => Passed ? "passed" : "failed";

    /// <summary>Where the ledger lived.</summary>
    [JsonPropertyName("ledger")]
    public required string Ledger { get; init; }

    /// <summary>The fault injected (<c>--fault</c>).</summary>
    [JsonPropertyName("fault")]
    public string Fault { get; init; } = "kill";

    /// <summary>How the fault was injected: the schedule, its target, the injectors.</summary>
    [JsonPropertyName("crash_method")]
    public required string CrashMethod { get; init; }

    /// <summary>Examples of what failed (duplicates, divergence, pending, lost) and notes on the load.</summary>
    [JsonPropertyName("findings")]
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>Problems that stopped part of the drill.</summary>
    [JsonPropertyName("errors")]
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>The criteria that failed.</summary>
    [JsonIgnore]
    public IEnumerable<DrillCriterion> FailedCriteria => Criteria.Where(c => !c.Passed);
}
