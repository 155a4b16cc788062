using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Cli;

namespace CivicTrust.DrillRunner.Tests.Cli;

public sealed class DrillCommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Resolve_takes_fence_or_retry_and_nothing_else()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"];

        Assert.Equal(ResolveMode.Fence, DrillCommandLine.Parse(nodes, NoEnvironment).Resolve);
        Assert.Equal(ResolveMode.Retry, DrillCommandLine.Parse([.. nodes, "--resolve", "retry"], NoEnvironment).Resolve);
        Assert.Equal(ResolveMode.Retry, DrillCommandLine.Parse(nodes, v => v == "Drill__Resolve" ? "retry" : null).Resolve);
        Assert.Contains("fence or retry", Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. nodes, "--resolve", "hope"], NoEnvironment)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_flags_parse()
    {
        var settings = DrillCommandLine.Parse(
            ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--documents", "800", "--timeout=45", "--report", "out", "--ledger", "localhost:6379"],
            NoEnvironment);

        Assert.Equal(3, settings.Nodes.Count);
        Assert.Equal(800, settings.Documents);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.Timeout);
        Assert.Equal("out", settings.ReportDirectory);
        Assert.Equal("localhost:6379", settings.Ledger);
    }

    [Fact]
    public void The_api_key_comes_from_the_flag_or_the_environment_and_never_shows_in_the_settings_text()
    {
        var fromEnvironment = DrillCommandLine.Parse(["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"],
            name => name == "CIVICTRUST_API_KEY" ? "key-from-environment" : null);
        var fromFlag = DrillCommandLine.Parse(["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--api-key", "key-from-flag"],
            name => name == "CIVICTRUST_API_KEY" ? "key-from-environment" : null);

        Assert.Equal("key-from-environment", fromEnvironment.ApiKey);
        Assert.Equal("key-from-flag", fromFlag.ApiKey);
        Assert.DoesNotContain("key-from-flag", fromFlag.ToString(), StringComparison.Ordinal);
        Assert.Contains("(redacted)", fromFlag.ToString(), StringComparison.Ordinal);
        Assert.Null(DrillCommandLine.Parse(["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"], NoEnvironment).ApiKey);
    }

    [Theory]
    [InlineData("--documents")]
    [InlineData("--timeout")]
    [InlineData("--concurrency")]
    [InlineData("--rate")]
    [InlineData("--fault-duration")]
    [InlineData("--iterations")]
    public void Each_numeric_flag_takes_its_default_and_range_from_the_one_shared_place(string flag)
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"];
        var (range, value) = flag switch
        {
            "--documents" => (DrillSettingDefaults.DocumentsRange, (Func<DrillSettings, int>)(s => s.Documents)),
            "--timeout" => (DrillSettingDefaults.TimeoutSecondsRange, s => (int)s.Timeout.TotalSeconds),
            "--concurrency" => (DrillSettingDefaults.ConcurrencyRange, s => s.Concurrency),
            "--rate" => (DrillSettingDefaults.RateRange, s => s.Rate),
            "--fault-duration" => (DrillSettingDefaults.FaultDurationSecondsRange, s => (int)s.FaultDuration.TotalSeconds),
            _ => (DrillSettingDefaults.IterationsRange, s => s.Iterations),
        };
        var restart = flag == "--iterations" ? ["--fault", "pause"] : Array.Empty<string>();
        string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(range.Max, value(DrillCommandLine.Parse([.. nodes, .. restart, flag, Text(range.Max)], NoEnvironment)));
        Assert.Equal(range.Min, value(DrillCommandLine.Parse([.. nodes, .. restart, flag, Text(range.Min)], NoEnvironment)));
        var tooBig = Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. nodes, .. restart, flag, Text(range.Max + 1)], NoEnvironment));
        Assert.Contains($"from {range.Min} to {range.Max}", tooBig.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. nodes, .. restart, flag, Text(range.Min - 1)], NoEnvironment));
    }

    [Fact]
    public void Aspire_environment_supplies_defaults_and_flags_win()
    {
        var environment = new Dictionary<string, string>
        {
            ["Drill__Nodes"] = "http://localhost:1,http://localhost:2,http://localhost:3",
            ["ConnectionStrings__ledger"] = "localhost:9",
            ["Drill__Documents"] = "600",
        };

        var settings = DrillCommandLine.Parse(["--documents", "700"], environment.GetValueOrDefault);

        Assert.Equal(3, settings.Nodes.Count);
        Assert.Equal("localhost:9", settings.Ledger);
        Assert.Equal(700, settings.Documents);
        Assert.Null(settings.ReportDirectory);
    }

    [Fact]
    public void Disk_corruption_parses_with_its_commands_and_damages_the_log_by_default()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--fault", "disk-corruption", "--restart-command", "start {port}"];

        var log = DrillCommandLine.Parse([.. nodes, "--corrupt-command", "damage {port} {area}"], NoEnvironment);
        var snapshot = DrillCommandLine.Parse([.. nodes, "--corrupt-command", "damage {port} {area}", "--corrupt", "snapshot", "--target", "follower"], NoEnvironment);

        Assert.Equal((DrillFaults.DiskCorruption, DiskArea.Log, "damage {port} {area}"), (log.Fault, log.Corrupt, log.CorruptCommand));
        Assert.Equal((DiskArea.Snapshot, DrillTarget.Follower), (snapshot.Corrupt, snapshot.Target));
    }

    [Fact]
    public void Disk_loss_parses_with_the_damage_command_and_loses_the_whole_disk()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--fault", "disk-loss", "--restart-command", "start {port}"];

        var loss = DrillCommandLine.Parse([.. nodes, "--corrupt-command", "damage {port} {area}", "--target", "follower"], NoEnvironment);

        Assert.Equal((DrillFaults.DiskLoss, DrillTarget.Follower, "damage {port} {area}"), (loss.Fault, loss.Target, loss.CorruptCommand));
        Assert.Equal(DiskArea.Disk, Assert.IsAssignableFrom<DiskDamageFault>(loss.Fault).DamagedArea(new DrillOptions { Fault = loss.Fault, Corrupt = loss.Corrupt }));
        Assert.Equal(DiskArea.Log, ((DiskDamageFault)DrillFaults.DiskCorruption).DamagedArea(new DrillOptions()));
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse(nodes, NoEnvironment));
    }

    [Fact]
    public void Power_loss_parses_with_its_command_and_takes_a_majority_or_every_member_as_its_target()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--fault", "power-loss", "--restart-command", "start {port}"];

        var all = DrillCommandLine.Parse([.. nodes, "--power-loss-command", "cut {port}", "--target", "all"], NoEnvironment);
        var majority = DrillCommandLine.Parse([.. nodes, "--power-loss-command", "cut {port}", "--target", "majority"], NoEnvironment);

        Assert.Equal((DrillFaults.PowerLoss, DrillTarget.All, "cut {port}"), (all.Fault, all.Target, all.PowerLossCommand));
        Assert.Equal(DrillTarget.Majority, majority.Target);
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse(nodes, NoEnvironment));
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse(
            ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--target", "majority"], NoEnvironment));
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse(
            ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--power-loss-command", "cut {port}"], NoEnvironment));
    }

    [Theory]
    [InlineData("--fault", "disk-corruption", "--restart-command", "s", "--corrupt", "log")]
    [InlineData("--fault", "disk-corruption", "--restart-command", "s", "--corrupt-command", "d", "--corrupt", "wal")]
    [InlineData("--fault", "kill", "--corrupt-command", "d")]
    [InlineData("--fault", "kill", "--corrupt", "log")]
    [InlineData("--fault", "disk-corruption", "--corrupt-command", "d")]
    [InlineData("--fault", "disk-corruption", "--restart-command", "s", "--corrupt-command", "d", "--corrupt", "disk")]
    [InlineData("--fault", "disk-loss", "--restart-command", "s", "--corrupt-command", "d", "--corrupt", "log")]
    [InlineData("--fault", "disk-loss", "--corrupt-command", "d")]
    public void Disk_corruption_flags_out_of_place_are_refused(params string[] flags)
    {
        Assert.Throws<UsageException>(() => DrillCommandLine.Parse(
            ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", .. flags], NoEnvironment));
    }

    [Fact]
    public void A_crash_schedule_parses_with_its_restart_command_and_kill_stays_the_default()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"];
        var schedule = DrillCommandLine.Parse([.. nodes, "--fault", "follower-then-leader", "--restart-command", "scripts/local-cluster.sh start /tmp/c {port}"], NoEnvironment);

        Assert.Equal(DrillFaults.FollowerThenLeader, schedule.Fault);
        Assert.Equal("scripts/local-cluster.sh start /tmp/c {port}", schedule.RestartCommand);
        Assert.Equal(DrillFaults.Kill, DrillCommandLine.Parse(nodes, NoEnvironment).Fault);
        // The admin key from the environment, as the AppHost sets it for every drill: only a fault that needs it takes it.
        Assert.All(DrillFaults.Names.Where(name => name is not ("partition" or "disk-corruption" or "power-loss" or "disk-loss")),
            name => Assert.Equal(name, DrillCommandLine.Parse([.. nodes, "--fault", name, "--restart-command", "x"], v => v == AdminKey.Variable ? "admin" : null).Fault.Name));
    }

    [Fact]
    public void Iterations_baseline_and_json_parse_and_default_to_one_plain_run()
    {
        string[] nodes = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103"];
        var settings = DrillCommandLine.Parse([.. nodes, "--iterations", "5", "--restart-command", "start {port}", "--baseline", "old/drill-summary.json", "--json"], NoEnvironment);
        var plain = DrillCommandLine.Parse(nodes, NoEnvironment);

        Assert.Equal(5, settings.Iterations);
        Assert.Equal("old/drill-summary.json", settings.Baseline);
        Assert.True(settings.Json);
        Assert.Equal(1, plain.Iterations);
        Assert.Null(plain.Baseline);
        Assert.False(plain.Json);
        Assert.Equal(3, DrillCommandLine.Parse([.. nodes, "--fault", "pause", "--iterations", "3"], NoEnvironment).Iterations);
    }

    [Fact]
    public void A_pause_parses_with_its_pause_and_resume_commands()
    {
        var settings = DrillCommandLine.Parse(
            ["--nodes", "http://10.0.0.11:5000,http://10.0.0.12:5000,http://10.0.0.13:5000", "--fault", "pause", "--pause-command", "kill -STOP {pid}", "--resume-command", "kill -CONT {pid}"], NoEnvironment);

        Assert.Equal("kill -STOP {pid}", settings.PauseCommand);
        Assert.Equal("kill -CONT {pid}", settings.ResumeCommand);
    }

    [Fact]
    public void A_partition_parses_with_its_cut_and_heal_commands()
    {
        var settings = DrillCommandLine.Parse(
            ["--nodes", "http://10.0.0.11:5000,http://10.0.0.12:5000,http://10.0.0.13:5000", "--fault", "partition", "--target", "follower",
             "--partition-command", "cut {host}", "--heal-command", "heal {host}", "--fault-duration", "3"], NoEnvironment);

        Assert.Equal(DrillFaults.Partition, settings.Fault);
        Assert.Equal(DrillTarget.Follower, settings.Target);
        Assert.Equal("cut {host}", settings.PartitionCommand);
        Assert.Equal("heal {host}", settings.HealCommand);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.FaultDuration);
    }

    [Fact]
    public void Key_compromise_wants_the_admin_key_from_the_flag_or_the_environment_and_never_shows_it()
    {
        string[] keyCompromise = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--fault", "key-compromise"];
        Func<string, string?> fromEnvironment = name => name == AdminKey.Variable ? "admin-from-environment" : null;

        var missing = Assert.Throws<UsageException>(() => DrillCommandLine.Parse(keyCompromise, NoEnvironment));
        var environment = DrillCommandLine.Parse(keyCompromise, fromEnvironment);
        var flag = DrillCommandLine.Parse([.. keyCompromise, "--admin-key", "admin-from-flag"], fromEnvironment);

        Assert.Equal("--fault key-compromise admits and revokes issuer keys through /admin/issuer-keys: give the admin key with --admin-key or CIVICTRUST_ADMIN_KEY.", missing.Message);
        Assert.Equal((DrillFaults.KeyCompromise, "admin-from-environment"), (environment.Fault, environment.AdminKey));
        Assert.Equal("admin-from-flag", flag.AdminKey);
        Assert.DoesNotContain("admin-from-flag", flag.ToString(), StringComparison.Ordinal);
        Assert.Contains("AdminKey = (redacted)", flag.ToString(), StringComparison.Ordinal);
        // It takes no member away: nothing to restart between iterations, and no target to aim at.
        Assert.Equal(3, DrillCommandLine.Parse([.. keyCompromise, "--iterations", "3"], fromEnvironment).Iterations);
        Assert.Contains("key-compromise takes no member away", Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. keyCompromise, "--target", "follower"], fromEnvironment)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_key_flag_is_refused_for_other_faults_and_the_environments_is_left_unused()
    {
        string[] kill = ["--nodes", "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103", "--fault", "kill"];

        var refused = Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. kill, "--admin-key", "admin"], NoEnvironment));

        Assert.Equal("--admin-key applies to --fault key-compromise only, not kill.", refused.Message);
        Assert.Null(DrillCommandLine.Parse(kill, name => name == AdminKey.Variable ? "admin" : null).AdminKey);
    }

    [Fact]
    public void Two_members_are_refused_and_five_are_drilled_with_every_schedule()
    {
        var two = Assert.Throws<UsageException>(() => DrillCommandLine.Parse(["--nodes", "http://a:1,http://b:2"], NoEnvironment));
        Assert.Contains("at least 3 members", two.Message, StringComparison.Ordinal);

        var five = DrillCommandLine.Parse(
            ["--nodes", "http://a:1,http://b:2,http://c:3,http://d:4,http://e:5", "--fault", "lagging-majority", "--restart-command", "start {port}"], NoEnvironment);
        Assert.Equal(5, five.Nodes.Count);
        Assert.Equal(DrillFaults.LaggingMajority, five.Fault);
    }

    [Theory]
    [InlineData("--documents", "10")]
    [InlineData("--nodes", "http://a:1", "--documents", "0")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--documents", "ten")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--timeout", "-5")]
    [InlineData("--nodes", "ftp://a:1,http://b:2")]
    [InlineData("--nodes", "http://a:1,http://a:1")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--bogus", "1")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--report")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--nodes", "http://c:3,http://d:4")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "pause-forever")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "lagging-majority")]
    [InlineData("--nodes", "http://a:1,http://b:2", "--fault", "kill-all", "--restart-command", "start {port}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--restart-command")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "partition")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "partition", "--partition-command", "cut {host}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "partition", "--heal-command", "heal {host}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--partition-command", "cut {host}", "--heal-command", "heal {host}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "pause", "--pause-command", "kill -STOP {pid}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--iterations", "3")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--iterations", "0", "--fault", "pause")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--json=yes")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--json", "--json")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--baseline")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--pause-command", "kill -STOP {pid}", "--resume-command", "kill -CONT {pid}")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--api-key")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "key-compromise", "--admin-key")]
    [InlineData("--nodes", "http://a:1,http://b:2,http://c:3", "--fault", "key-compromise", "--admin-key", " ")]
    public void Bad_usage_is_refused_with_a_message(params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => DrillCommandLine.Parse(args, NoEnvironment));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void The_clusters_ca_is_read_from_ca_cert_or_its_variable_and_a_path_without_one_is_refused()
    {
        string[] nodes = ["--nodes", "https://127.0.0.1:5101,https://127.0.0.1:5102,https://127.0.0.1:5103"];
        var path = Path.GetTempFileName();
        try
        {
            using (var key = System.Security.Cryptography.ECDsa.Create())
            {
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
                using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                File.WriteAllText(path, ca.ExportCertificatePem());
            }

            Assert.Equal("CN=test-ca", DrillCommandLine.Parse([.. nodes, "--ca-cert", path], NoEnvironment).ClusterCa?.Subject);
            Assert.Equal("CN=test-ca", DrillCommandLine.Parse(nodes, v => v == "CIVICTRUST_CA_CERT" ? path : null).ClusterCa?.Subject);
            Assert.Null(DrillCommandLine.Parse(nodes, NoEnvironment).ClusterCa);

            File.WriteAllText(path, "not a certificate");
            Assert.StartsWith("--ca-cert: ", Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. nodes, "--ca-cert", path], NoEnvironment)).Message, StringComparison.Ordinal);
            Assert.StartsWith("--ca-cert: ", Assert.Throws<UsageException>(() => DrillCommandLine.Parse([.. nodes, "--ca-cert", path + ".missing"], NoEnvironment)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
