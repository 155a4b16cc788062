using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Verification;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>A parsed drill command line.</summary>
public sealed record DrillSettings
{
    /// <summary>Every default, for parsers and help texts (the drill's own knobs come from <see cref="DrillOptions.Default"/>).</summary>
    public static readonly DrillSettings Default = new() { Nodes = [] };

    /// <summary>The members' base URLs.</summary>
    public required IReadOnlyList<Uri> Nodes { get; init; }

    /// <summary>Documents to issue.</summary>
    public int Documents { get; init; } = DrillSettingDefaults.Documents;

    /// <summary>How long failover and recovery may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DrillSettingDefaults.TimeoutSeconds);

    /// <summary>Directory for drill-report.json and drill-report.md; a per-run folder under ./drill-reports when null.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Redis connection string of the ledger; an embedded ledger when null.</summary>
    public string? Ledger { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = DrillOptions.Default.Concurrency;

    /// <summary>Documents started per second.</summary>
    public int Rate { get; init; } = DrillOptions.Default.DocumentsPerSecond;

    /// <summary>Crash command template for remote nodes; local SIGKILL when null.</summary>
    public string? CrashCommand { get; init; }

    /// <summary>The fault to inject.</summary>
    public IDrillFault Fault { get; init; } = DrillOptions.Default.Fault;

    /// <summary>How documents in flight after the fault are settled (<c>--resolve</c>).</summary>
    public ResolveMode Resolve { get; init; } = DrillOptions.Default.Resolve;

    /// <summary>The member a kill, pause or partition hits.</summary>
    public DrillTarget Target { get; init; } = DrillOptions.Default.Target;

    /// <summary>How long a pause or partition lasts.</summary>
    public TimeSpan FaultDuration { get; init; } = DrillOptions.Default.FaultDuration;

    /// <summary>Command template that starts a killed node again; required by crash schedules.</summary>
    public string? RestartCommand { get; init; }

    /// <summary>Command template that freezes a node (default: local SIGSTOP by pid); <see cref="PauseFault"/> only.</summary>
    public string? PauseCommand { get; init; }

    /// <summary>Command template that thaws it again; given together with <see cref="PauseCommand"/>.</summary>
    public string? ResumeCommand { get; init; }

    /// <summary>Drills to run back to back (<c>--iterations</c>).</summary>
    public int Iterations { get; init; } = DrillSettingDefaults.Iterations;

    /// <summary>A drill-summary.json or drill-report.json whose failover p50 this run must not exceed by more than 20 %.</summary>
    public string? Baseline { get; init; }

    /// <summary>Whether the report (or, over several drills, the summary) goes to stdout as JSON (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>Command template that cuts a node off from its peers; required by <see cref="PartitionFault"/>.</summary>
    public string? PartitionCommand { get; init; }

    /// <summary>
    /// Issuer key of <c>civictrust-drill</c> (<c>--api-key</c> or <c>CIVICTRUST_API_KEY</c>). Kept out of
    /// <see cref="ToString"/> and out of every report: a drill's outputs are shared, its key must not be.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The admin key of <c>/admin/issuer-keys</c> (<c>--admin-key</c> or <see cref="CivicTrust.Contracts.AdminKey.Variable"/>), kept only for a
    /// fault that needs it (<see cref="KeyCompromiseFault"/>); out of <see cref="ToString"/> and every report, like <see cref="ApiKey"/>.
    /// </summary>
    public string? AdminKey { get; init; }

    /// <summary>The cluster's CA (<c>--ca-cert</c> or <c>CIVICTRUST_CA_CERT</c>), the only one trusted for HTTPS members; none: the machine's.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClusterCa { get; init; }

    /// <summary>Command template that heals that cut; required by <see cref="PartitionFault"/>.</summary>
    public string? HealCommand { get; init; }

    /// <summary>What <see cref="DiskCorruptionFault"/> damages.</summary>
    public DiskArea Corrupt { get; init; } = DrillOptions.Default.Corrupt;

    /// <summary>Command template that damages a stopped node's data; required by <see cref="DiskDamageFault"/>.</summary>
    public string? CorruptCommand { get; init; }

    /// <summary>Command template that cuts a node's power; required by <see cref="PowerLossFault"/>.</summary>
    public string? PowerLossCommand { get; init; }

    // Records print every property; the key must never reach a log line or an exception message this way.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Nodes = {string.Join(", ", Nodes)}, Fault = {Fault.Name}, Documents = {Documents}, ApiKey = {(ApiKey is null ? "none" : "(redacted)")}, AdminKey = {(AdminKey is null ? "none" : "(redacted)")}");
        return true;
    }
}
