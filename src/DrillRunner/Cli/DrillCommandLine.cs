using System.CommandLine;
using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>
/// Parses (with System.CommandLine) <c>--nodes url,url,url --documents n --timeout seconds --report dir [--ledger redis] [--concurrency n]
/// [--rate n] [--crash-command template]</c>. Under Aspire the resource's environment supplies the defaults
/// (<c>Drill__Nodes</c>, <c>ConnectionStrings__ledger</c>, <c>Drill__Documents</c>, <c>Drill__Timeout</c>,
/// <c>Drill__Report</c>, <c>Drill__Fault</c>, <c>Drill__Target</c>, <c>Drill__FaultDuration</c>, <c>Drill__Resolve</c>,
/// <c>Drill__RestartCommand</c>, <c>CIVICTRUST_API_KEY</c>).
/// </summary>
public static class DrillCommandLine
{
    private static readonly DrillSettings Default = DrillSettings.Default;

    // The faults that kill a member and leave it down unless a restarter is given (kill).
    private static string KillsWithoutRestart => DrillFaults.NamesWhere(f => LeavesMemberDown(f) && !f.Needs.HasFlag(FaultNeeds.Restarter));

    // What each flag means, in the order help lists them; System.CommandLine parses them and writes the help.
    private static readonly (string Flag, string Label, string Description)[] FlagHelp =
    [
        ("--nodes", "url,url,url", "every member's base URL (required; Drill__Nodes under Aspire)"),
        ("--documents", "n", $"documents to issue, {DrillSettingDefaults.DocumentsRange} (default {Default.Documents})"),
        ("--timeout", "seconds", $"seconds allowed for failover and recovery, {DrillSettingDefaults.TimeoutSecondsRange} (default {Default.Timeout.TotalSeconds})"),
        ("--report", "dir", "directory for the reports (default ./drill-reports/<run id>)"),
        ("--ledger", "redis", "Redis/RESP connection string (default: ConnectionStrings__ledger, else an embedded ledger)"),
        ("--concurrency", "n", $"requests in flight, {DrillSettingDefaults.ConcurrencyRange} (default {Default.Concurrency})"),
        ("--rate", "docs/s", $"documents started per second, {DrillSettingDefaults.RateRange} (default {Default.Rate})"),
        ("--crash-command", "template", "shell command that kills a remote node, placeholders {node} {pid} {host} {port} {url} (default: local SIGKILL by pid)"),
        ("--fault", "fault", string.Join("; ", DrillFaults.All.Select(f => $"{f.Name}{(f == DrillOptions.Default.Fault ? " (default)" : string.Empty)}: {f.Help}"))),
        ("--target", "leader|follower|majority|all", $"the member {DrillFaults.NamesTargeting(FaultTargets.OneMember)} hit (default leader); {DrillFaults.NamesTargeting(FaultTargets.Several)} also takes majority (enough followers to make a majority with the leader, then the leader) and all"),
        ("--fault-duration", "seconds", $"seconds {DrillFaults.NamesWhere(f => f.TargetLives)} lasts, {DrillSettingDefaults.FaultDurationSecondsRange} (default {Default.FaultDuration.TotalSeconds})"),
        ("--resolve", "fence|retry", "how documents still in flight after the fault are settled: fence (default) aborts every one the new leader has not committed, so none can commit later; retry sends the same document again until the cluster decides it (idempotent by hash)"),
        ("--restart-command", "template", $"shell command that starts a killed node on its data directory (same placeholders); required by {DrillFaults.NamesNeeding(FaultNeeds.Restarter)}; with {KillsWithoutRestart}, the killed member is restarted and checked (Drill__RestartCommand under Aspire)"),
        ("--partition-command", "template", $"shell command that cuts a node off from its peers, e.g. \"scripts/netns-cluster.sh cut <dir> {{host}}\"; {DrillFaults.NamesNeeding(FaultNeeds.Isolator)} only"),
        ("--heal-command", "template", $"shell command that removes that cut; {DrillFaults.NamesNeeding(FaultNeeds.Isolator)} only"),
        ("--pause-command", "template", $"shell command that freezes a node (default: local SIGSTOP by pid), e.g. \"ssh {{host}} kill -STOP {{pid}}\"; {DrillFaults.NamesNeeding(FaultNeeds.Pauser)} only, with --resume-command"),
        ("--resume-command", "template", "shell command that thaws it, e.g. \"ssh {host} kill -CONT {pid}\""),
        ("--corrupt", "log|snapshot", $"what {DrillFaults.NamesNeeding(FaultNeeds.DamagedArea)} damages (default log); snapshot needs a cluster that takes snapshots"),
        ("--corrupt-command", "template", $"shell command that damages a stopped node's data, placeholders as above and {{area}} (log, snapshot, or disk: the whole data directory), e.g. \"scripts/local-cluster.sh damage <dir> {{port}} {{area}}\"; {DrillFaults.NamesNeeding(FaultNeeds.Damager)} only, required by them"),
        ("--power-loss-command", "template", $"shell command that cuts a node's power so that its disk keeps only what it synced, placeholders as above, e.g. \"scripts/local-cluster.sh power-cut <dir> {{port}}\" (a cluster started with CIVICTRUST_LOOP_DISKS=1); {DrillFaults.NamesNeeding(FaultNeeds.PowerCutter)} only, required by it"),
        ("--iterations", "n", $"drills back to back, {DrillSettingDefaults.IterationsRange} (default {Default.Iterations}): each in <report>/run-<i>/, then drill-summary.json and .md; {KillsWithoutRestart} needs --restart-command"),
        ("--baseline", "file", "an earlier drill-summary.json or drill-report.json: exit 1 when failover p50 grew by more than 20 %"),
        ("--api-key", "key", "issuer key of civictrust-drill, sent as Authorization: Bearer (default: CIVICTRUST_API_KEY); never written to a report"),
        ("--ca-cert", "path", "the cluster's CA certificate (PEM), the only CA trusted for https:// members, e.g. <dir>/ca.crt of scripts/local-cluster.sh with CIVICTRUST_TLS=1 (default: CIVICTRUST_CA_CERT; else the machine's trust store)"),
        ("--admin-key", "key", $"admin key of /admin/issuer-keys, sent as Authorization: Bearer (default: {AdminKey.Variable}); required by {DrillFaults.NamesNeeding(FaultNeeds.AdminKey)}, which admits and revokes keys of its own and never the --api-key; never written to a report"),
    ];

    private static readonly Dictionary<string, Option<string>> ValueOptions = FlagHelp.ToDictionary(
        f => f.Flag, f => new Option<string>(f.Flag) { Description = f.Description, HelpName = f.Label });

    private static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "print the report (with --iterations or --baseline: the summary) as JSON on stdout; progress goes to stderr",
    };

    private static readonly RootCommand Command = CreateCommand();

    /// <summary>The usage text: System.CommandLine's help, then what every run writes and the exit codes.</summary>
    public static string Usage
    {
        get
        {
            using var help = new StringWriter();
            Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = help });
            return help + """
                Every run writes drill-report.json, .md and .html, history.jsonl, the members' final logs (logs/) and
                drill-junit.xml into its report folder.
                At a terminal it draws a live view; in a CI log or with --json it prints plain lines.
                Exit codes: 0 passed, 1 a criterion failed, 2 bad usage or unreachable cluster (an error report is still written).
                """ + "\n" + ReportCheckCommand.Usage + "\n";
        }
    }

    /// <summary>Parses <paramref name="args"/>, falling back to <paramref name="environment"/> for unset flags.</summary>
    /// <exception cref="UsageException">Unknown flag, missing value, or a value out of range.</exception>
    public static DrillSettings Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var parsed = Command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(parsed.Errors[0].Message);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, option) in ValueOptions)
        {
            if (parsed.GetResult(option) is not null)
            {
                values[flag] = parsed.GetValue(option) is { } value && !string.IsNullOrWhiteSpace(value)
                    ? value
                    : throw new UsageException($"{flag} needs a value.");
            }
        }

        // A switch given twice is almost always a pasted command line gone wrong; say so rather than guess.
        if (args.Count(a => a.Split('=', 2)[0] == JsonOption.Name) > 1)
        {
            throw new UsageException("--json takes no value and is given once.");
        }

        if (parsed.GetValue(JsonOption))
        {
            values["--json"] = "true";
        }

        string? Get(string flag, string variable) => values.GetValueOrDefault(flag) ?? environment(variable);

        var nodes = ParseNodes(Get("--nodes", "Drill__Nodes") ?? throw new UsageException("--nodes is required: every member's base URL, comma-separated."));
        var fault = Default.Fault;
        if (Get("--fault", "Drill__Fault") is { } faultName && !DrillFaults.TryParse(faultName, out fault))
        {
            throw new UsageException($"--fault must be one of {string.Join(", ", DrillFaults.Names)}, not '{faultName}'.");
        }

        var target = Default.Target;
        if (Get("--target", "Drill__Target") is { } targetName)
        {
            if (!DrillTargets.TryParse(targetName, out target))
            {
                throw new UsageException($"--target must be leader, follower, majority or all, not '{targetName}'.");
            }

            if (DrillTargets.WhyNot(fault, target) is { } why)
            {
                throw new UsageException(fault.Targets == FaultTargets.None
                    ? $"--target applies to {DrillFaults.NamesTargeting(FaultTargets.OneMember)}; {why}."
                    : $"--target {targetName} applies to {DrillFaults.NamesTargeting(FaultTargets.Several)} only; {why}.");
            }
        }

        var restart = Get("--restart-command", "Drill__RestartCommand");
        if (fault.Needs.HasFlag(FaultNeeds.Restarter) && restart is null)
        {
            throw new UsageException($"--fault {fault.Name} restarts killed members: give a --restart-command that starts a node on its data directory.");
        }

        var pause = values.GetValueOrDefault("--pause-command");
        var resume = values.GetValueOrDefault("--resume-command");
        if ((pause is null) != (resume is null))
        {
            throw new UsageException("--pause-command and --resume-command go together: what freezes a node must say how to thaw it.");
        }

        var partition = values.GetValueOrDefault("--partition-command");
        var heal = values.GetValueOrDefault("--heal-command");
        var corruptCommand = values.GetValueOrDefault("--corrupt-command");
        var corruptName = values.GetValueOrDefault("--corrupt");
        var powerLoss = values.GetValueOrDefault("--power-loss-command");
        RequireInjector(fault, FaultNeeds.Isolator, partition is not null && heal is not null, partition ?? heal, "--partition-command and --heal-command",
            "cuts a node off and heals it: give both --partition-command and --heal-command");
        RequireInjector(fault, FaultNeeds.Pauser, given: true, pause, "--pause-command and --resume-command", reason: null);
        RequireInjector(fault, FaultNeeds.Damager, corruptCommand is not null, corruptCommand, "--corrupt-command",
            "damages a stopped node's disk: give a --corrupt-command, e.g. \"scripts/local-cluster.sh damage <dir> {port} {area}\"");
        RequireInjector(fault, FaultNeeds.DamagedArea, given: true, corruptName, "--corrupt", reason: null);
        RequireInjector(fault, FaultNeeds.PowerCutter, powerLoss is not null, powerLoss, "--power-loss-command",
            "cuts a node's power: give a --power-loss-command, e.g. \"scripts/local-cluster.sh power-cut <dir> {port}\"");

        // The variable may be set for every drill (the AppHost sets it); only the flag is a choice to refuse for other faults.
        var adminFlag = values.GetValueOrDefault("--admin-key");
        var adminKey = adminFlag ?? environment(AdminKey.Variable);
        RequireInjector(fault, FaultNeeds.AdminKey, !string.IsNullOrWhiteSpace(adminKey), adminFlag, "--admin-key",
            $"admits and revokes issuer keys through /admin/issuer-keys: give the admin key with --admin-key or {AdminKey.Variable}");

        var corrupt = Default.Corrupt;
        if (corruptName is not null && (!DrillFaults.TryParseArea(corruptName, out corrupt) || corrupt == DiskArea.Disk))
        {
            throw new UsageException($"--corrupt must be log or snapshot, not '{corruptName}' (a whole disk lost is --fault disk-loss).");
        }

        var resolve = Get("--resolve", "Drill__Resolve") switch
        {
            null => Default.Resolve,
            "fence" => ResolveMode.Fence,
            "retry" => ResolveMode.Retry,
            var other => throw new UsageException($"--resolve must be fence or retry, not '{other}'."),
        };

        var iterations = Int("--iterations", values.GetValueOrDefault("--iterations"), Default.Iterations, DrillSettingDefaults.IterationsRange);
        if (iterations > 1 && LeavesMemberDown(fault) && restart is null)
        {
            throw new UsageException($"--iterations with --fault {fault.Name} needs a --restart-command: the killed member must be back before the next drill.");
        }

        return new DrillSettings
        {
            Resolve = resolve,
            Nodes = nodes,
            Documents = Int("--documents", Get("--documents", "Drill__Documents"), Default.Documents, DrillSettingDefaults.DocumentsRange),
            Timeout = TimeSpan.FromSeconds(Int("--timeout", Get("--timeout", "Drill__Timeout"), (int)Default.Timeout.TotalSeconds, DrillSettingDefaults.TimeoutSecondsRange)),
            ReportDirectory = Get("--report", "Drill__Report"),
            Ledger = Get("--ledger", "ConnectionStrings__ledger"),
            Concurrency = Int("--concurrency", values.GetValueOrDefault("--concurrency"), Default.Concurrency, DrillSettingDefaults.ConcurrencyRange),
            Rate = Int("--rate", values.GetValueOrDefault("--rate"), Default.Rate, DrillSettingDefaults.RateRange),
            CrashCommand = values.GetValueOrDefault("--crash-command"),
            Fault = fault,
            Target = target,
            FaultDuration = TimeSpan.FromSeconds(Int("--fault-duration", Get("--fault-duration", "Drill__FaultDuration"), (int)Default.FaultDuration.TotalSeconds, DrillSettingDefaults.FaultDurationSecondsRange)),
            RestartCommand = restart,
            Iterations = iterations,
            Baseline = values.GetValueOrDefault("--baseline"),
            Json = values.ContainsKey("--json"),
            PauseCommand = pause,
            ResumeCommand = resume,
            PartitionCommand = partition,
            HealCommand = heal,
            Corrupt = corrupt,
            CorruptCommand = corruptCommand,
            PowerLossCommand = powerLoss,
            ApiKey = Get("--api-key", DrillIssuer.ApiKeyVariable),
            ClusterCa = Get("--ca-cert", "CIVICTRUST_CA_CERT") is { Length: > 0 } ca ? Authority(ca) : null,
            AdminKey = fault.Needs.HasFlag(FaultNeeds.AdminKey) ? adminKey : null,
        };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 Authority(string path)
    {
        try
        {
            return DrillHttp.LoadAuthority(path);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--ca-cert: {e.Message}");
        }
    }

    // A member is killed and stays down until something starts it again: not a freeze or a cut, and not a fault that
    // takes no member away.
    private static bool LeavesMemberDown(IDrillFault fault) => fault.TakesMemberAway && !fault.TargetLives;

    private static RootCommand CreateCommand()
    {
        var command = new RootCommand("The node-crash drill: issue documents, inject a fault (SIGKILL of the leader by default), prove that nothing was lost, duplicated or left pending, and write the report.");
        foreach (var option in ValueOptions.Values)
        {
            command.Options.Add(option);
        }

        command.Options.Add(JsonOption);
        return command;
    }

    private static List<Uri> ParseNodes(string text)
    {
        var nodes = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"--nodes: '{part}' is not an http(s) URL.");
            }

            if (nodes.Contains(uri))
            {
                throw new UsageException($"--nodes names {uri} twice.");
            }

            nodes.Add(uri);
        }

        return Quorum.WhyNotDrillable(nodes.Count) is { } whyNot
            ? throw new UsageException($"--nodes names {nodes.Count} member(s): {whyNot}.")
            : nodes;
    }

    private static int Int(string flag, string? value, int defaultValue, SettingRange range)
    {
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && range.Contains(parsed)
            ? parsed
            : throw new UsageException($"{flag} must be an integer from {range.Min} to {range.Max}, not '{value}'.");
    }

    // An injector's options: required (with reason) by the faults that need it, refused by the others, so a command
    // given to the wrong fault is never silently ignored.
    private static void RequireInjector(IDrillFault fault, FaultNeeds need, bool given, string? anyGiven, string flags, string? reason)
    {
        if (fault.Needs.HasFlag(need) && !given && reason is not null)
        {
            throw new UsageException($"--fault {fault.Name} {reason}.");
        }

        if (!fault.Needs.HasFlag(need) && anyGiven is not null)
        {
            throw new UsageException($"{flags} {(flags.Contains(" and ", StringComparison.Ordinal) ? "apply" : "applies")} to --fault {DrillFaults.NamesNeeding(need)} only, not {fault.Name}.");
        }
    }
}
