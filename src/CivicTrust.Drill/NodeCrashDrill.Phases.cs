using System.Diagnostics;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Recovery;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>
/// The phases in their order, each a span of the drill's trace: <c>drill.issuance</c>, <c>drill.crash</c> (the fault),
/// <c>drill.failover</c>, <c>drill.recovery</c> and <c>drill.verify</c>.
/// </summary>
public sealed partial class NodeCrashDrill
{
    /// <summary>
    /// Readies the cluster for <see cref="DrillOptions.Fault"/> before any document is sent (key-compromise admits the
    /// issuer key the load writes with); nothing for most faults. <see cref="RunAsync"/> calls it first.
    /// </summary>
    /// <param name="timeout">How long each step of the preparation may take.</param>
    /// <param name="token">Cancels the preparation.</param>
    /// <exception cref="TimeoutException">The cluster did not get ready in time.</exception>
    /// <exception cref="CrashFailedException">A member refused what the fault asked of it.</exception>
    public Task PrepareFaultAsync(TimeSpan timeout, CancellationToken token = default) => _schedule.PrepareAsync(timeout, token);

    /// <summary>Starts issuing <paramref name="documentCount"/> unique documents in the background; keeps going through the crash.</summary>
    public Task StartIssuanceAsync(int documentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documentCount, 1);
        // The load task starts inside the issuance span, so its sampled requests are that span's children.
        using var issuance = Trace.Enter("drill.issuance");
        _issuance.Start([.. Enumerable.Range(0, documentCount).Select(i => DrillDocument.Create(RunId, i, "load"))]);
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> documents are acknowledged (the moment to crash the leader).</summary>
    /// <exception cref="TimeoutException">Not enough acknowledgements in time: the cluster is not serving.</exception>
    public Task WaitUntilAcknowledgedAsync(int count, TimeSpan timeout, CancellationToken token = default) =>
        _issuance.WaitUntilAcknowledgedAsync(count, timeout, token);

    /// <summary>Injects <see cref="DrillOptions.Fault"/> while issuance runs; returns the kill the failover is measured from.</summary>
    /// <param name="documentCount">Documents of the run (a schedule waits a share of them between two kills).</param>
    /// <param name="timeout">How long a restarted member may take to answer again.</param>
    /// <param name="token">Cancels the schedule.</param>
    /// <exception cref="TimeoutException">No leader to start from, or a restarted member never answered.</exception>
    /// <exception cref="CrashFailedException">A kill or restart command failed.</exception>
    public Task<CrashRecord> InjectFaultAsync(int documentCount, TimeSpan timeout, CancellationToken token = default) =>
        InjectAsync(() => _schedule.RunAsync(documentCount, timeout, token));

    /// <summary>Finds the leader through <c>/cluster/status</c> and kills its process, whatever the fault; records <c>crash_ts</c>.</summary>
    /// <exception cref="TimeoutException">The nodes did not agree on a leader within 10 s.</exception>
    /// <exception cref="CrashFailedException">The crash injector could not kill it.</exception>
    public Task<CrashRecord> KillLeaderAsync(CancellationToken token = default) => InjectAsync(() => _schedule.KillLeaderAsync(token));

    /// <summary>Waits for the failover and recovery (at most <paramref name="timeout"/>) and judges the run.</summary>
    public async Task<DrillResult> WaitAndVerifyAsync(TimeSpan timeout, CancellationToken token = default)
    {
        var crash = _schedule.Crash ?? throw new InvalidOperationException("Inject the fault (InjectFaultAsync or KillLeaderAsync) before verifying.");
        var deadline = _time.GetUtcNow() + timeout;
        var errors = new List<string>();
        FailoverObservation? failover;
        using (Trace.Enter("drill.failover"))
        {
            failover = await _schedule.ObserveFailoverAsync(crash, deadline, timeout, errors, token);
            // The election happened on the new leader: link its raft.role_changed span, so the drill's trace leads to it.
            if (failover?.ElectionSpan is { } election && ActivityContext.TryParse(election, null, out var elected))
            {
                Trace.Phase("drill.failover")?.AddLink(new ActivityLink(elected));
            }
        }

        var recovering = new DrillRecovery(
            new InFlightTracker(_ledger, _time, _options.Resolve, History.DocumentOf), new FreshIssuanceProbe(_ledger, _time, _options.RetryDelay), RunId);
        RecoveryOutcome recovery;
        using (Trace.Enter("drill.recovery"))
        {
            recovery = await recovering.RecoverAsync(failover, () => _issuance.FinishAsync(deadline, errors), deadline, token);
        }

        LogVerification verification;
        using (Trace.Enter("drill.verify"))
        {
            var startedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            // Every member the schedule took down is back (or its absence is an error), and whatever the schedule sent
            // meanwhile is settled, before any log is read.
            await _schedule.MakeWholeAsync(timeout, errors, token);
            recovery = await recovering.SettleLateAsync(failover, recovery, _time.GetUtcNow() + timeout, token);
            errors.AddRange(_ledger.Contradictions.Take(5));
            verification = await new LogVerifier(_ledger, History, _time).VerifyAsync(startedTs, _schedule.MembersUp(), errors, token);
            MemberLogs = verification.Members;
        }

        return Report(crash, failover, recovery, verification, errors);
    }

    private async Task<CrashRecord> InjectAsync(Func<Task<CrashRecord>> inject)
    {
        using var crashing = Trace.Enter("drill.crash");
        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var crash = await inject();
        _scheduleEndedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return crash;
    }

    // Best effort: if the load has finished or stalled, the schedule goes on; the report notes how far it got.
    private async Task WaitForMoreAcknowledgementsAsync(int more, CancellationToken token)
    {
        try
        {
            await _issuance.WaitUntilAcknowledgedAsync(Load.Acknowledged + more, _schedule.Timeout, token);
        }
        catch (TimeoutException)
        {
            _schedule.Note($"the load stopped acknowledging at {Load.Acknowledged} before the next kill");
        }
    }
}
