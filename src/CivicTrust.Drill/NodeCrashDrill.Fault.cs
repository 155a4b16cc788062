using CivicTrust.Drill.Crash;

namespace CivicTrust.Drill;

/// <summary>Phase <c>drill.crash</c>: the fault (<see cref="DrillOptions.Fault"/>) injected while issuance runs.</summary>
public sealed partial class NodeCrashDrill
{
    // When the schedule stopped acting on the cluster (the last restart answered, the hold began): throughput is judged
    // from the later of it and the failover, since a schedule still killing, damaging or restarting members is still
    // the fault.
    private long? _scheduleEndedTs;

    /// <summary>Injects <see cref="DrillOptions.Fault"/> while issuance runs; returns the kill the failover is measured from.</summary>
    /// <param name="documentCount">Documents of the run (a schedule waits a share of them between two kills).</param>
    /// <param name="timeout">How long a restarted member may take to answer again.</param>
    /// <param name="token">Cancels the schedule.</param>
    /// <exception cref="TimeoutException">No leader to start from, or a restarted member never answered.</exception>
    /// <exception cref="CrashFailedException">A kill or restart command failed.</exception>
    public async Task<CrashRecord> InjectFaultAsync(int documentCount, TimeSpan timeout, CancellationToken token = default)
    {
        using var crashing = Trace.Enter("drill.crash");
        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var crash = await _schedule.RunAsync(documentCount, timeout, token);
        _scheduleEndedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return crash;
    }

    /// <summary>Finds the leader through <c>/cluster/status</c> and kills its process, whatever the fault; records <c>crash_ts</c>.</summary>
    /// <exception cref="TimeoutException">The nodes did not agree on a leader within 10 s.</exception>
    /// <exception cref="CrashFailedException">The crash injector could not kill it.</exception>
    public async Task<CrashRecord> KillLeaderAsync(CancellationToken token = default)
    {
        _killRequestedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _schedule.BeginAsync(1, TimeSpan.FromSeconds(10), token);
        var crash = await _schedule.CrashAsync(_schedule.Leader, token);
        _scheduleEndedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return crash;
    }

    // Best effort: if the load has finished or stalled, the schedule goes on; the report notes how far it got.
    private async Task WaitForMoreAcknowledgementsAsync(int more, CancellationToken token)
    {
        try
        {
            await WaitUntilAcknowledgedAsync(_load.Acknowledged + more, _schedule.Timeout, token);
        }
        catch (TimeoutException)
        {
            _schedule.Note($"the load stopped acknowledging at {_load.Acknowledged} before the next kill");
        }
    }
}
