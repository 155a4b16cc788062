using CivicTrust.Node.Telemetry;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// This member's verdict on its own storage, shared by everything that must stop when damage is found: the state
/// machine (applies nothing more), the Raft gates (no vote, no append, no message out), the document and log
/// endpoints (serve nothing), the health check and <c>/cluster/status</c> (say so).
/// </summary>
/// <remarks>
/// The first damage found wins: one log line and one count per incident, not one per entry that follows it. What
/// happens next (setting the data aside and fetching it again from the peers) is <see cref="StorageRepair"/>'s.
/// </remarks>
public sealed class StorageIntegrity(ILogger<StorageIntegrity> logger, TimeProvider time, ConsensusLogSilence? silence = null)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<StorageDamage> _damaged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile StorageDamage? _damage;
    private volatile RepairPlan? _repair;
    private volatile CompletedRepair? _lastRepair;
    private long _voteTermFence;

    /// <summary>What the member may do now.</summary>
    public StorageState State => _damage is not null ? StorageState.Damaged : _repair is not null ? StorageState.Repairing : StorageState.Intact;

    /// <summary>The damage found in this run, if any.</summary>
    public StorageDamage? Damage => _damage;

    /// <summary>The repair this member is in, if any (it started in an earlier run).</summary>
    public RepairPlan? Repair => _repair;

    /// <summary>The last repair this member completed while running, if any.</summary>
    public CompletedRepair? LastRepair => _lastRepair;

    /// <summary>
    /// Votes in this term or below are neither cast nor asked for: a member that lost its disk may have voted in any of
    /// them already (<see cref="RepairPlan.VoteTermFence"/>). 0 when there is no fence.
    /// </summary>
    public long VoteTermFence => Interlocked.Read(ref _voteTermFence);

    /// <summary>Completes with the first damage found.</summary>
    public Task<StorageDamage> Damaged => _damaged.Task;

    /// <summary>Whether the member serves reads and writes and takes part in Raft as a voter.</summary>
    public bool IsIntact => State == StorageState.Intact;

    /// <summary>Records damage found in <paramref name="area"/> at <paramref name="location"/>; the member stops using its storage at once.</summary>
    /// <returns>The damage as recorded: the first one found in this run, which may be an earlier one.</returns>
    public StorageDamage Report(string area, string location, long index, string detail)
    {
        lock (_gate)
        {
            if (_damage is { } earlier)
            {
                return earlier;
            }

            var damage = new StorageDamage(area, location, index, detail.TrimEnd('.'), time.GetUtcNow());
            _damage = damage;
            silence?.Engage();
            NodeTelemetry.StorageDamageFound.Add(1, new KeyValuePair<string, object?>(NodeTelemetry.Attributes.StorageArea, area));

            // One line, no stack trace: the damage is the news, not where in this code it was noticed.
            logger.LogCritical(
                "Storage damage in the {Area} at {Location} (index {Index}): {Detail}. This member stops applying, serving, voting and replicating.",
                area, location, index, detail);
            _damaged.TrySetResult(damage);
            return damage;
        }
    }

    /// <summary>Marks the member as repairing under <paramref name="plan"/> (set at start from the plan on disk, or once the peers answered).</summary>
    public void BeginRepair(RepairPlan plan)
    {
        RaiseVoteTermFence(plan.VoteTermFence);
        _repair = plan;
    }

    /// <summary>The repair is complete: the member holds the cluster's entries through the plan's watermark again.</summary>
    public void EndRepair()
    {
        if (_repair is { } plan)
        {
            _lastRepair = new CompletedRepair(plan, time.GetUtcNow());
            _repair = null;
        }
    }

    /// <summary>
    /// A member that found its data directory empty learned from every peer that the cluster is new: there was nothing
    /// to repair, so nothing is reported as repaired.
    /// </summary>
    public void EndRepairOfNewMember() => _repair = null;

    /// <summary>Raises the vote fence to <paramref name="term"/>; a fence never comes down.</summary>
    public void RaiseVoteTermFence(long term)
    {
        var current = Interlocked.Read(ref _voteTermFence);
        while (term > current)
        {
            var seen = Interlocked.CompareExchange(ref _voteTermFence, term, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
