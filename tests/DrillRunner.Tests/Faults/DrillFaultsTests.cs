using System.Text.RegularExpressions;
using CivicTrust.Drill;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Faults;

/// <summary>The catalogue: names, what each fault needs, and the command line and the drill reading it rather than a list of their own.</summary>
public sealed class DrillFaultsTests
{
    private const FaultNeeds RequiredInjectors = FaultNeeds.Restarter | FaultNeeds.Isolator | FaultNeeds.Damager | FaultNeeds.PowerCutter | FaultNeeds.AdminKey;

    private static readonly string[] ThreeNodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"];

    public static TheoryData<string> FaultNames => [.. DrillFaults.Names];

    [Fact]
    public void Every_fault_has_its_own_name_and_is_found_by_it()
    {
        Assert.Equal(DrillFaults.All.Count, DrillFaults.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(DrillFaults.All, fault => Assert.Same(fault, DrillFaults.Named(fault.Name)));
        Assert.False(DrillFaults.TryParse("unplug", out _));
        Assert.Contains("kill, lagging-majority", Assert.Throws<ArgumentException>(() => DrillFaults.Named("unplug")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usage_text_describes_every_fault_of_the_catalogue()
    {
        // The help wraps its lines; what matters is the words, not where the lines break.
        var usage = Regex.Replace(DrillCommandLine.Usage, @"\s+", " ");

        Assert.All(DrillFaults.All, fault => Assert.Contains($"{fault.Name}{(fault == DrillFaults.Kill ? " (default)" : string.Empty)}: {fault.Help}", usage, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_a_fault_that_took_down_every_member_or_a_majority_lets_any_member_lead_again()
    {
        var anyMember = DrillFaults.All.SelectMany(f => Enum.GetValues<DrillTarget>().Where(f.MayElectAnyMember).Select(t => $"{f.Name} {t}"));

        Assert.Equal(["kill-all Leader", "kill-all Follower", "kill-all Majority", "kill-all All", "power-loss Majority", "power-loss All"], anyMember);
    }

    [Fact]
    public void Only_a_fault_that_takes_no_member_away_expects_the_leader_to_stay_and_refuses_a_target()
    {
        Assert.Equal([DrillFaults.KeyCompromise], DrillFaults.All.Where(f => !f.TakesMemberAway));
        Assert.Equal("key-compromise takes no member away", DrillTargets.WhyNot(DrillFaults.KeyCompromise, DrillTarget.Follower));
    }

    [Theory]
    [MemberData(nameof(FaultNames))]
    public void A_fault_runs_only_with_the_injectors_it_needs(string name)
    {
        var fault = DrillFaults.Named(name);
        var cluster = new InMemoryCluster(3);
        var bare = new FaultInjectors(new InMemoryCrashInjector(cluster));
        var full = new FaultInjectors(new InMemoryCrashInjector(cluster), new InMemoryRestarter(cluster), new InMemoryPauser(cluster), new InMemoryIsolator(cluster),
            new NoDamager(), new InMemoryCrashInjector(cluster), new InMemoryKeyAdmin(cluster));

        Assert.Equal((fault.Needs & RequiredInjectors) == 0, bare.WhyNotRunnable(fault) is null);
        Assert.Null(full.WhyNotRunnable(fault));
    }

    [Theory]
    [MemberData(nameof(FaultNames))]
    public void The_command_line_wants_what_the_fault_needs_and_refuses_the_commands_of_other_faults(string name)
    {
        var fault = DrillFaults.Named(name);
        (FaultNeeds Need, string[] Flags)[] injectorFlags =
        [
            (FaultNeeds.Isolator, ["--partition-command", "cut {host}", "--heal-command", "heal {host}"]),
            (FaultNeeds.Pauser, ["--pause-command", "stop {pid}", "--resume-command", "cont {pid}"]),
            (FaultNeeds.Damager, ["--corrupt-command", "damage {port} {area}"]),
            (FaultNeeds.DamagedArea, ["--corrupt", "snapshot"]),
            (FaultNeeds.PowerCutter, ["--power-loss-command", "cut {port}"]),
            (FaultNeeds.AdminKey, ["--admin-key", "the-admin-key"]),
        ];
        string[] everythingItNeeds = [.. ThreeNodes, "--fault", name, "--restart-command", "start {port}",
            .. injectorFlags.Where(i => fault.Needs.HasFlag(i.Need)).SelectMany(i => i.Flags)];

        Assert.Same(fault, DrillCommandLine.Parse(everythingItNeeds, _ => null).Fault);
        Assert.All(injectorFlags.Where(i => !fault.Needs.HasFlag(i.Need)), other =>
            Assert.Contains("only, not " + name, Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. everythingItNeeds, .. other.Flags], _ => null)).Message, StringComparison.Ordinal));
    }

    private sealed class NoDamager : INodeDamager
    {
        public string Description => "no damage";

        public Task DamageAsync(CrashTarget target, DiskArea area, CancellationToken token) => Task.CompletedTask;
    }
}
