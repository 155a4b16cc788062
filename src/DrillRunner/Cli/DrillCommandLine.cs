using CivicTrust.Contracts;
using System.Globalization;
using CivicTrust.DrillRunner.Drill;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>
/// Parses <c>--nodes url,url,url --documents n --timeout seconds --report dir [--ledger redis] [--concurrency n]
/// [--rate n] [--crash-command template]</c>. Under Aspire the resource's environment supplies the defaults
/// (<c>Drill__Nodes</c>, <c>ConnectionStrings__ledger</c>, <c>Drill__Documents</c>, <c>Drill__Timeout</c>,
/// <c>Drill__Report</c>, <c>Drill__Fault</c>, <c>Drill__Target</c>, <c>Drill__FaultDuration</c>, <c>CIVICTRUST_API_KEY</c>).
/// </summary>
public static class DrillCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: DrillRunner --nodes <url,url,url> [--documents <n>] [--timeout <seconds>] [--report <dir>]
                           [--ledger <redis connection string>] [--concurrency <n>] [--rate <docs/s>]
                           [--crash-command "<template with {node} {pid} {host} {port} {url}>"]
                           [--fault <fault>] [--target leader|follower] [--fault-duration <seconds>]
                           [--restart-command "<template>"] [--partition-command "<template>" --heal-command "<template>"]
                           [--pause-command "<template>" --resume-command "<template>"]
                           [--iterations <n>] [--baseline <drill-summary.json|drill-report.json>] [--json]
                           [--api-key <key>]
          --nodes          every member's base URL (required; Drill__Nodes under Aspire)
          --documents      documents to issue, 1-1000000 (default 500)
          --timeout        seconds allowed for failover and recovery, 1-3600 (default 30)
          --report         directory for drill-report.json and drill-report.md (default ./drill-reports/<run id>)
          --ledger         Redis/RESP connection string (default: ConnectionStrings__ledger, else an embedded ledger)
          --concurrency    requests in flight, 1-1024 (default 32)
          --rate           documents started per second, 1-100000 (default 250)
          --crash-command  shell command that kills a remote node (default: local SIGKILL by pid)
          --fault          kill (default): SIGKILL the target; pause: SIGSTOP the target for --fault-duration,
                           then SIGCONT; kill-new-leader: kill the leader, then the next one, restart the first;
                           lagging-majority: kill a follower, the other mid-stream, then the leader, restart the
                           followers; follower-then-leader: kill and restart a follower, kill the leader before it
                           caught up; kill-all: kill and restart all three; partition: cut the target off from
                           its peers for --fault-duration, then heal
          --target         leader (default) or follower: the member kill, pause and partition hit
          --fault-duration seconds a pause or partition lasts, 1-600 (default 5)
          --restart-command shell command that starts a killed node on its data directory (same placeholders);
                           required by every fault but kill, pause and partition; with kill, the killed leader is
                           restarted and checked
          --partition-command shell command that cuts a node off from its peers at the network level (same
                           placeholders), e.g. "scripts/netns-cluster.sh cut <dir> {host}"; partition only
          --heal-command   shell command that removes that cut; partition only
          --pause-command  shell command that freezes a node (default: local SIGSTOP by pid, loopback nodes only),
                           e.g. "ssh {host} kill -STOP {pid}"; pause only, with --resume-command
          --resume-command shell command that thaws it, e.g. "ssh {host} kill -CONT {pid}"
          --iterations     drills back to back, 1-1000 (default 1): each in <report>/run-<i>/, then drill-summary.json
                           and .md (failover, write gap, recovery: min/p50/p95/max; totals; failed runs); a kill needs
                           --restart-command so the next drill finds every member
          --baseline       an earlier drill-summary.json or drill-report.json: exit 1 when failover p50 grew by more
                           than 20 %
          --json           print the report (with --iterations or --baseline: the summary) as JSON on stdout; the
                           progress lines go to stderr
          --api-key        issuer key of civictrust-drill, sent as Authorization: Bearer (default: CIVICTRUST_API_KEY);
                           never written to a report
          every run also writes drill-junit.xml (one test case per criterion and iteration) into <report>
        exit codes: 0 passed, 1 a criterion failed, 2 bad usage or unreachable cluster
        """;

    private static readonly string[] Flags = ["--nodes", "--documents", "--timeout", "--report", "--ledger", "--concurrency", "--rate", "--crash-command", "--fault", "--restart-command", "--target", "--fault-duration", "--partition-command", "--heal-command", "--pause-command", "--resume-command", "--iterations", "--baseline", "--json", "--api-key"];

    // Flags that take no value.
    private static readonly string[] Switches = ["--json"];

    /// <summary>Parses <paramref name="args"/>, falling back to <paramref name="environment"/> for unset flags.</summary>
    /// <exception cref="UsageException">Unknown flag, missing value, or a value out of range.</exception>
    public static DrillSettings Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = args[i].Split('=', 2) is [var f, var v] && f.StartsWith("--", StringComparison.Ordinal) ? (f, v) : (args[i], null);
            if (!Flags.Contains(flag))
            {
                throw new UsageException($"unknown argument '{args[i]}'.");
            }

            if (Switches.Contains(flag))
            {
                if (inline is not null || !values.TryAdd(flag, "true"))
                {
                    throw new UsageException($"{flag} takes no value and is given once.");
                }

                continue;
            }

            var value = inline ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException($"{flag} needs a value.");
            }

            if (!values.TryAdd(flag, value))
            {
                throw new UsageException($"{flag} is given twice.");
            }
        }

        string? Get(string flag, string variable) => values.GetValueOrDefault(flag) ?? environment(variable);

        var nodes = ParseNodes(Get("--nodes", "Drill__Nodes") ?? throw new UsageException("--nodes is required: every member's base URL, comma-separated."));
        var fault = DrillFault.Kill;
        if (Get("--fault", "Drill__Fault") is { } faultName && !DrillFaults.TryParse(faultName, out fault))
        {
            throw new UsageException($"--fault must be one of {string.Join(", ", DrillFaults.Names)}, not '{faultName}'.");
        }

        var target = DrillTarget.Leader;
        if (Get("--target", "Drill__Target") is { } targetName)
        {
            target = targetName switch
            {
                "leader" => DrillTarget.Leader,
                "follower" => DrillTarget.Follower,
                _ => throw new UsageException($"--target must be leader or follower, not '{targetName}'."),
            };
            if (!fault.HasTarget())
            {
                throw new UsageException($"--target applies to kill, pause and partition; the {fault.Name()} schedule chooses its own victims.");
            }
        }

        var restart = values.GetValueOrDefault("--restart-command");
        if (fault.RestartsNodes() && restart is null)
        {
            throw new UsageException($"--fault {fault.Name()} restarts killed members: give a --restart-command that starts a node on its data directory.");
        }

        if (fault.RestartsNodes() && nodes.Count != 3)
        {
            throw new UsageException($"--fault {fault.Name()} is a schedule for a three-member cluster; --nodes names {nodes.Count}.");
        }

        var partition = values.GetValueOrDefault("--partition-command");
        var heal = values.GetValueOrDefault("--heal-command");
        if (fault == DrillFault.Partition && (partition is null || heal is null))
        {
            throw new UsageException("--fault partition cuts a node off and heals it: give both --partition-command and --heal-command.");
        }

        if (fault != DrillFault.Partition && (partition ?? heal) is not null)
        {
            throw new UsageException($"--partition-command and --heal-command apply to --fault partition only, not {fault.Name()}.");
        }

        var pause = values.GetValueOrDefault("--pause-command");
        var resume = values.GetValueOrDefault("--resume-command");
        if ((pause is null) != (resume is null))
        {
            throw new UsageException("--pause-command and --resume-command go together: what freezes a node must say how to thaw it.");
        }

        if (fault != DrillFault.Pause && pause is not null)
        {
            throw new UsageException($"--pause-command and --resume-command apply to --fault pause only, not {fault.Name()}.");
        }

        var iterations = Int("--iterations", values.GetValueOrDefault("--iterations"), 1, 1, 1000);
        if (iterations > 1 && fault == DrillFault.Kill && restart is null)
        {
            throw new UsageException("--iterations with --fault kill needs a --restart-command: the killed member must be back before the next drill.");
        }

        return new DrillSettings
        {
            Nodes = nodes,
            Documents = Int("--documents", Get("--documents", "Drill__Documents"), 500, 1, 1_000_000),
            Timeout = TimeSpan.FromSeconds(Int("--timeout", Get("--timeout", "Drill__Timeout"), 30, 1, 3600)),
            ReportDirectory = Get("--report", "Drill__Report"),
            Ledger = Get("--ledger", "ConnectionStrings__ledger"),
            Concurrency = Int("--concurrency", values.GetValueOrDefault("--concurrency"), 32, 1, 1024),
            Rate = Int("--rate", values.GetValueOrDefault("--rate"), 250, 1, 100_000),
            CrashCommand = values.GetValueOrDefault("--crash-command"),
            Fault = fault,
            Target = target,
            FaultDuration = TimeSpan.FromSeconds(Int("--fault-duration", Get("--fault-duration", "Drill__FaultDuration"), 5, 1, 600)),
            RestartCommand = restart,
            Iterations = iterations,
            Baseline = values.GetValueOrDefault("--baseline"),
            Json = values.ContainsKey("--json"),
            PauseCommand = pause,
            ResumeCommand = resume,
            PartitionCommand = partition,
            HealCommand = heal,
            ApiKey = Get("--api-key", DrillIssuer.ApiKeyVariable),
        };
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

        return nodes.Count >= 2
            ? nodes
            : throw new UsageException("--nodes needs at least two members: one to kill and one to take over.");
    }

    private static int Int(string flag, string? value, int defaultValue, int min, int max)
    {
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new UsageException($"{flag} must be an integer from {min} to {max}, not '{value}'.");
    }
}
