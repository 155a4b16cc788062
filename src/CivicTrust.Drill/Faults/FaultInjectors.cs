using CivicTrust.Contracts;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Keys;

namespace CivicTrust.Drill.Faults;

/// <summary>How the drill acts on members: the injectors a fault's schedule uses, whichever it needs.</summary>
/// <param name="Crash">Kills a member (SIGKILL, or a command).</param>
/// <param name="Restarter">Starts a killed member on its data directory; required by faults that need <see cref="FaultNeeds.Restarter"/>.</param>
/// <param name="Pauser">Freezes and thaws a member.</param>
/// <param name="Isolator">Cuts a member off from its peers and heals the cut.</param>
/// <param name="Damager">Damages a stopped member's disk.</param>
/// <param name="PowerCutter">Cuts a member's power, so that its disk keeps only what it synced.</param>
/// <param name="KeyAdmin">Admits and revokes issuer keys with the admin key; required by faults that need <see cref="FaultNeeds.AdminKey"/>.</param>
public sealed record FaultInjectors(
    ICrashInjector Crash,
    INodeRestarter? Restarter = null,
    INodePauser? Pauser = null,
    INodeIsolator? Isolator = null,
    INodeDamager? Damager = null,
    ICrashInjector? PowerCutter = null,
    IIssuerKeyAdmin? KeyAdmin = null)
{
    /// <summary>Why <paramref name="fault"/> cannot run with these injectors, or <see langword="null"/> when it can.</summary>
    public string? WhyNotRunnable(IDrillFault fault) => fault.Needs switch
    {
        var needs when needs.HasFlag(FaultNeeds.Restarter) && Restarter is null =>
            $"the {fault.Name} schedule restarts the members it kills: it needs a restarter",
        var needs when needs.HasFlag(FaultNeeds.Isolator) && Isolator is null =>
            $"a {fault.Name} drill needs an isolator: how to cut a node off from its peers and heal the cut",
        var needs when needs.HasFlag(FaultNeeds.Damager) && Damager is null =>
            $"a {fault.Name} drill needs a damager: how to damage a stopped node's log, snapshot or disk",
        var needs when needs.HasFlag(FaultNeeds.PowerCutter) && PowerCutter is null =>
            $"a {fault.Name} drill needs a power cutter: how to cut a node's power so that its disk keeps only what it synced",
        var needs when needs.HasFlag(FaultNeeds.AdminKey) && KeyAdmin is null =>
            $"a {fault.Name} drill admits and revokes issuer keys through /admin/issuer-keys: it needs the admin key (--admin-key or {AdminKey.Variable})",
        _ => null,
    };
}
