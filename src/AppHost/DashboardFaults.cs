using CivicTrust.Drill.Faults;

namespace CivicTrust.AppHost;

/// <summary>
/// Which of the drill's faults the dashboard's <b>Run drill…</b> can run on the AppHost's nodes, and why not the others.
/// The nodes are local processes: the drill kills them by pid, freezes them with SIGSTOP, and the supervisor restarts
/// them (held down for a crash schedule: <see cref="NodeHolds"/>). Network cuts, damaged disks and power cuts need the
/// standalone clusters' scripts.
/// </summary>
public static class DashboardFaults
{
    /// <summary>Why <paramref name="fault"/> cannot run here; <see langword="null"/> when it can.</summary>
    public static string? WhyNot(IDrillFault fault) =>
        fault.Needs.HasFlag(FaultNeeds.Isolator)
            ? "it cuts a member off the network, which needs hosts in network namespaces: scripts/netns-cluster.sh up, then drill-runner --partition-command"
            : fault.Needs.HasFlag(FaultNeeds.Damager)
                ? "it damages a stopped member's disk, which needs the standalone cluster's damage command: scripts/local-cluster.sh, then drill-runner --corrupt-command"
                : fault.Needs.HasFlag(FaultNeeds.PowerCutter)
                    ? "it cuts a member's power so that its disk keeps only what it synced, which needs loop-device disks: CIVICTRUST_LOOP_DISKS=1 scripts/local-cluster.sh, then drill-runner --power-loss-command"
                    : null;

    /// <summary>The dialog's choices: every fault, those it cannot run marked with why.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Choices() =>
        [.. DrillFaults.All.Select(f => new KeyValuePair<string, string>(f.Name, WhyNot(f) is { } why ? $"{f.Name}: not from the dashboard ({why})" : $"{f.Name}: {f.Help}"))];

    /// <summary>
    /// The dialog's targets: the leader and a follower, and a majority and every member only if a fault the dashboard
    /// can run takes them (today only power loss does, and it needs the standalone scripts' disks).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Targets()
    {
        KeyValuePair<string, string>[] one = [new("leader", "the leader"), new("follower", "a follower")];
        var several = DrillFaults.All.Where(f => f.Targets == FaultTargets.Several && WhyNot(f) is null).Select(f => f.Name).ToList();
        return several.Count == 0
            ? one
            : [.. one, new("majority", $"a majority: followers, then the leader ({string.Join(", ", several)})"), new("all", $"every member ({string.Join(", ", several)})")];
    }
}
