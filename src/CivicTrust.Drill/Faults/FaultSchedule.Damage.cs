using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// Disk damage: the target killed, its disk damaged at rest, started again on it; then judged by
/// <see cref="DrillCriteria.DamageRepaired"/>: the member must say it found the damage and come back whole from its peers.
/// Every other criterion (nothing lost, nothing divergent) then holds for its repaired log like any other.
/// </summary>
public sealed partial class FaultSchedule
{
    // A restored member replays or receives everything it missed; the repair may take as long as a catch-up does.
    private static readonly TimeSpan RepairLimit = TimeSpan.FromSeconds(20);
    private (CrashTarget Target, DiskArea Area)? _damaged;

    /// <summary>What the damaged member made of the damage; <see langword="null"/> when no disk was damaged.</summary>
    public DamageOutcome? Damage { get; private set; }

    /// <summary>Kills <paramref name="member"/> (<c>crash_ts</c>), waits for the failover, damages its <paramref name="area"/>, restarts it.</summary>
    public async Task<CrashRecord> DamageDiskAsync(ClusterStatusResponse member, DiskArea area, CancellationToken token)
    {
        var damager = Injectors.Damager ?? throw new InvalidOperationException($"A {Fault.Name} drill needs a damager.");
        var crash = await CrashAsync(member, token);
        await WatchFailoverAsync(crash, token);
        await ActAsync(FaultActions.Damage, crash.Target, damager.Description, () => damager.DamageAsync(crash.Target, area, token), detail: area.Name());
        _damaged = (crash.Target, area);
        Note(string.Create(CultureInfo.InvariantCulture, $"{Now()}: damaged the {area.Name()} of {crash.Target.NodeId}"));
        await RestartMemberAsync(crash.Target, token);
        return crash;
    }

    /// <summary>The damaged member must name the damage and end intact, repaired; sets <see cref="Damage"/>.</summary>
    private async Task CheckDamageRepairAsync(CancellationToken token)
    {
        if (_damaged is not var (target, area))
        {
            return;
        }

        var node = NodeOf(target);
        var deadline = Time.GetUtcNow() + RepairLimit;
        StorageStatusResponse? last = null;
        while (Time.GetUtcNow() < deadline)
        {
            try
            {
                last = (await node.GetStatusAsync(token)).Storage;
                if (last is { State: StorageStateNames.Intact, Damage: { } found, RepairedAt: { } repaired })
                {
                    Damage = new DamageOutcome(true, true,
                        $"{target.NodeId} found {found.Area} damage at {found.Location} ({found.Detail}) and was repaired from its peers at {repaired.ToUnixTimeMilliseconds()}");
                    return;
                }
            }
            catch (NodeUnreachableException)
            {
                // It restarts its host in the same process for the repair: a moment of no answer is expected.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), Time, token);
        }

        Damage = last switch
        {
            null => new DamageOutcome(false, false, $"{target.NodeId} never reported on its storage (no storage status)"),
            { Damage: null } => new DamageOutcome(false, false, $"{target.NodeId} reports its storage {last.State} and no damage: the damaged {area.Name()} went unnoticed"),
            _ => new DamageOutcome(true, false, $"{target.NodeId} found the damage ({last.Damage.Location}) but is still {last.State} after {RepairLimit.TotalSeconds:0} s"),
        };
    }
}
