using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Faults;

/// <summary>Restarts: a killed member started again on its data directory, and the cluster made whole at the end.</summary>
public sealed partial class FaultSchedule
{
    /// <summary>Starts a killed member again and waits until it answers; it is up, not necessarily caught up.</summary>
    /// <exception cref="TimeoutException">It did not answer within <see cref="Timeout"/>.</exception>
    public Task<ClusterStatusResponse> RestartMemberAsync(CrashTarget target, CancellationToken token) => RestartAsync(target, Timeout, token);

    private async Task<ClusterStatusResponse> RestartAsync(CrashTarget target, TimeSpan timeout, CancellationToken token)
    {
        var restarter = Injectors.Restarter ?? throw new InvalidOperationException("Restarting a member needs a restarter.");
        // Recorded failed or not: a failed restart may still have started it, so it may be up from here.
        await ActAsync(FaultActions.Restart, target, restarter.Description, () => restarter.RestartAsync(target, token));
        lock (_down)
        {
            _down.Remove(target.Endpoint); // kill-all restarts its members concurrently
        }

        var node = NodeOf(target);
        var deadline = Time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                var status = await node.GetStatusAsync(token);
                Note(string.Create(CultureInfo.InvariantCulture, $"{Now()}: restarted {target.NodeId} (pid {status.Pid}, applied {status.LastApplied}, term {status.Term})"));
                return status;
            }
            catch (NodeUnreachableException) when (Time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), Time, token);
            }
            catch (NodeUnreachableException e)
            {
                throw new TimeoutException($"{target.NodeId} did not answer within {timeout.TotalSeconds:0.#} s of its restart: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Every drill leaves the cluster whole before the logs are compared: a held member has rejoined, the killed members
    /// are back (so their logs are checked too, and the next drill finds every member; without a restarter they stay
    /// down), a damaged member's repair is judged, and a revoked key's listing is taken from every member (the run-time
    /// keys still active then retired). What went wrong, here or during the fault, goes to <paramref name="errors"/>.
    /// </summary>
    /// <param name="timeout">How long each restarted member may take to answer.</param>
    /// <param name="errors">The run's errors.</param>
    /// <param name="token">Cancels the restore.</param>
    public async Task MakeWholeAsync(TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        await WaitForHeldMemberToRejoinAsync(errors, token);
        errors.AddRange(Errors);
        await RestoreKilledMembersAsync(timeout, errors, token);
        await CheckDamageRepairAsync(token);
        await SettleKeysAsync(errors, token);
    }

    private async Task RestoreKilledMembersAsync(TimeSpan timeout, List<string> errors, CancellationToken token)
    {
        if (Injectors.Restarter is null)
        {
            return;
        }

        List<CrashTarget> down;
        lock (_down)
        {
            down = [.. _down.Values];
        }

        foreach (var target in down)
        {
            try
            {
                await RestartAsync(target, timeout, token);
            }
            catch (Exception e) when (e is TimeoutException or CrashFailedException)
            {
                errors.Add($"Restoring {target.NodeId} failed: {e.Message}");
            }
        }
    }
}
