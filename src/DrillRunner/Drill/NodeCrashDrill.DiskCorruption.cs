using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Report;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for <see cref="DrillFault.DiskCorruption"/> and <see cref="DrillFault.DiskLoss"/>: the target is killed, its
/// log or snapshot damaged at rest (or its whole data directory emptied), and it is started again on that disk. Judged by <see cref="DrillCriteria.DamageRepaired"/>: the member must say it found
/// the damage, and come back whole from its peers; every other criterion (nothing lost, nothing divergent) then holds
/// for its repaired log like any other.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private CrashTarget? _damaged;
    private DamageOutcome? _damage;

    private async Task<CrashRecord> CorruptTargetAsync(ClusterStatusResponse target, TimeSpan timeout, CancellationToken token)
    {
        var damager = _damager ?? throw new InvalidOperationException("A disk-corruption drill needs a damager.");
        var crash = await KillTheLeaderAsync(target, token);
        _failoverDuringFault = await WatchFailoverAsync(crash, _time.GetUtcNow() + timeout, token);
        await damager.DamageAsync(crash.Target, _options.DamagedArea, token);
        _damaged = crash.Target;
        _scheduleSteps.Enqueue(string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow().ToUnixTimeMilliseconds()}: damaged the {_options.DamagedArea.Name()} of {crash.Target.NodeId}"));
        await RestartMemberAsync(crash.Target, timeout, token);
        return crash;
    }

    // The damaged member must name the damage and end intact, repaired: it may take as long as a catch-up does.
    private async Task CheckDamageRepairAsync(CancellationToken token)
    {
        if (_damaged is not { } target)
        {
            return;
        }

        var node = _nodes.First(n => n.Endpoint == target.Endpoint);
        var deadline = _time.GetUtcNow() + ConvergenceLimit;
        StorageStatusResponse? last = null;
        while (_time.GetUtcNow() < deadline)
        {
            try
            {
                last = (await node.GetStatusAsync(token)).Storage;
                if (last is { State: StorageStateNames.Intact, Damage: { } found, RepairedAt: { } repaired })
                {
                    _damage = new DamageOutcome(true, true,
                        $"{target.NodeId} found {found.Area} damage at {found.Location} ({found.Detail}) and was repaired from its peers at {repaired.ToUnixTimeMilliseconds()}");
                    return;
                }
            }
            catch (NodeUnreachableException)
            {
                // It restarts its host in the same process for the repair: a moment of no answer is expected.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, token);
        }

        _damage = last switch
        {
            null => new DamageOutcome(false, false, $"{target.NodeId} never reported on its storage (no storage status)"),
            { Damage: null } => new DamageOutcome(false, false, $"{target.NodeId} reports its storage {last.State} and no damage: the damaged {_options.DamagedArea.Name()} went unnoticed"),
            _ => new DamageOutcome(true, false, $"{target.NodeId} found the damage ({last.Damage.Location}) but is still {last.State} after {ConvergenceLimit.TotalSeconds:0} s"),
        };
    }
}
