using System.Globalization;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Telemetry;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Repairs a damaged member from its peers, with no one copying files: on damage it writes the repair's plan, stops
/// the node's host, and the node starts again in the same process (<c>Program</c>) with its log and snapshots set
/// aside (<see cref="DamagedDataQuarantine"/>); the leader then sends it the cluster's log or snapshot as to any member
/// that fell behind. Once it holds the committed entries through the plan's watermark it votes again.
/// </summary>
/// <remarks>
/// Why the watermark makes this safe: an acknowledged document is on a majority. A repaired member that voted before
/// it held the document again could join a member that never had it in electing a leader without it, and the
/// document would then survive on fewer than a majority. Before it votes, it holds every entry it may ever have
/// acknowledged, the leader's committed version of each: the cluster's majorities are as they were. See
/// docs/durability.md, "Damage and repair".
/// </remarks>
public sealed class StorageRepair(
    StorageIntegrity integrity,
    IPersistentState log,
    ClusterOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<StorageRepair> logger) : BackgroundService
{
    private static readonly TimeSpan CatchUpPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Set once damage stopped the host: <c>Program</c> sets the data aside and starts the node again.</summary>
    public RepairPlan? RestartWith { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var damaged = integrity.Damaged.WaitAsync(stoppingToken);
        while (integrity.Repair is { } plan && !damaged.IsCompleted)
        {
            if (log.LastCommittedEntryIndex >= plan.Watermark)
            {
                RepairPlanFile.Delete(options.DataDir);
                integrity.EndRepair();
                NodeTelemetry.StorageRepairs.Add(1);
                logger.LogWarning(
                    "Repair complete: this member holds the cluster's committed entries through {Index}, past its watermark {Watermark}, and votes again.",
                    log.LastCommittedEntryIndex, plan.Watermark);
                break;
            }

            await Task.WhenAny(damaged, Task.Delay(CatchUpPoll, time, stoppingToken));
        }

        var damage = await damaged;
        // Damage found while a lost disk still awaits its peers keeps that question open; the fence only ever rises.
        var current = integrity.Repair;
        var repair = new RepairPlan(
            damage,
            current is { AwaitsPeers: true } ? RepairPlan.UnknownWatermark : Math.Max(Math.Max(log.LastEntryIndex, damage.Index), current?.Watermark ?? 0),
            Path.Combine("quarantine", damage.DetectedAt.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture)),
            Moved: false,
            VoteTermFence: current?.VoteTermFence ?? 0);
        RepairPlanFile.Write(options.DataDir, repair);
        RestartWith = repair;

        // Damage is most often found while DotNext replays the log at start-up; a host stopped before its start
        // completed fails with a stack trace instead of stopping.
        await WhenStarted(stoppingToken);
        logger.LogWarning(
            "Repairing from the peers: the log and snapshots go to {Quarantine} and the node restarts empty; it withholds its vote until it holds the committed entries through {Watermark}.",
            Path.Combine(options.DataDir, repair.Quarantine), repair.Watermark);
        lifetime.StopApplication();
    }

    private Task WhenStarted(CancellationToken token)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(token);
    }
}
