using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Issuance;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Recovery;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Telemetry;
using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill;

/// <summary>
/// The node-crash drill: issue documents, SIGKILL the leader mid-flight, and prove the cluster elected a new
/// leader, lost nothing, duplicated nothing and left nothing pending. The phases are separate pieces
/// (<see cref="IssuanceRun"/>, the fault's <see cref="FaultSchedule"/>, <see cref="FailoverObserver"/>,
/// <see cref="DrillRecovery"/> with its <see cref="InFlightTracker"/>, <see cref="LogVerifier"/> with its
/// <see cref="DuplicateDetector"/>, <see cref="IDrillLedger"/>, <see cref="DrillCriteria"/>); this type only sequences
/// them, in <c>NodeCrashDrill.Phases.cs</c>, and hands their findings to the report.
/// </summary>
public sealed partial class NodeCrashDrill : IDisposable
{
    private readonly IReadOnlyList<INodeClient> _nodes;
    private readonly IDrillLedger _ledger;
    // What the fault does to the cluster, and what it noted doing it.
    private readonly FaultSchedule _schedule;
    private readonly DrillOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient? _ownedHttp;
    private readonly IssuanceRun _issuance;
    private DrillTrace? _trace;
    private long _killRequestedTs;
    // When the schedule stopped acting on the cluster (the last restart answered, the hold began): throughput is judged
    // from the later of it and the failover, since a schedule still killing, damaging or restarting members is still
    // the fault.
    private long? _scheduleEndedTs;

    /// <summary>A drill against the nodes at <paramref name="nodeEndpoints"/>, over HTTP.</summary>
    /// <param name="nodeEndpoints">Base URLs of every member.</param>
    /// <param name="ledger">Where submitted hashes are recorded.</param>
    /// <param name="injectors">How members are killed (local SIGKILL by pid when <see langword="null"/>), restarted,
    /// frozen, cut off, damaged and powered off: each fault says which it needs (<see cref="IDrillFault.Needs"/>).
    /// With a restarter, a killed leader is restarted before verification and its log is checked too.</param>
    /// <param name="options">Knobs; defaults when <see langword="null"/>.</param>
    /// <param name="runId">Identifies the run; generated when <see langword="null"/>.</param>
    /// <param name="apiKey">Issuer key of <c>civictrust-drill</c>, sent with every request; none when <see langword="null"/>
    /// (a cluster that allows anonymous writes).</param>
    /// <param name="clusterCa">The cluster's CA, the only one trusted for HTTPS members (<c>--ca-cert</c>); the machine's trust store when <see langword="null"/>.</param>
    public NodeCrashDrill(IReadOnlyList<Uri> nodeEndpoints, IDrillLedger ledger, FaultInjectors? injectors = null, DrillOptions? options = null, string? runId = null,
        string? apiKey = null, System.Security.Cryptography.X509Certificates.X509Certificate2? clusterCa = null)
        : this(DrillHttp.Create(clusterCa), nodeEndpoints, ledger, injectors, options, runId, apiKey)
    {
    }

    /// <summary>A drill over any <see cref="INodeClient"/> implementation (tests use in-memory ones).</summary>
    /// <exception cref="ArgumentException">Too few members, or the fault needs an injector <paramref name="injectors"/> lacks.</exception>
    public NodeCrashDrill(IReadOnlyList<INodeClient> nodes, IDrillLedger ledger, FaultInjectors injectors, DrillOptions options, TimeProvider time, string runId)
    {
        if (Quorum.WhyNotDrillable(nodes.Count) is { } whyNot)
        {
            throw new ArgumentException($"The drill cannot run: {whyNot}.", nameof(nodes));
        }

        if (injectors.WhyNotRunnable(options.Fault) is { } missing)
        {
            throw new ArgumentException($"The drill cannot run: {missing}.", nameof(injectors));
        }

        // Every node is reached through the history, so history.jsonl holds every issue, read and abort of the run.
        History = new DrillHistory();
        _nodes = [.. nodes.Select(n => new RecordingNodeClient(n, History, time))];
        _ledger = ledger;
        _options = options;
        _time = time;
        RunId = runId;
        // One key choice for the load and the schedule: a fault may hand the load a run-time issuer key.
        var loadKey = new LoadKey();
        _issuance = new IssuanceRun(new IssuanceLoad(_nodes, ledger, options, time, loadKey), time);
        _schedule = new FaultSchedule(_nodes, History, ledger, injectors, options, time, runId, WaitForMoreAcknowledgementsAsync, loadKey);
    }

    private NodeCrashDrill(HttpClient http, IReadOnlyList<Uri> endpoints, IDrillLedger ledger, FaultInjectors? injectors, DrillOptions? options, string? runId, string? apiKey)
        : this(
            [.. endpoints.Select(e => new HttpNodeClient(http, e, (options ?? new DrillOptions()).RequestTimeout, apiKey))],
            ledger,
            injectors ?? new FaultInjectors(new LocalSigkillInjector()),
            options ?? new DrillOptions(),
            TimeProvider.System,
            runId ?? NewRunId())
    {
        _ownedHttp = http;
    }

    /// <summary>Identifies this run in the ledger and the report.</summary>
    public string RunId { get; }

    /// <summary>Trace id of the last run's <c>drill</c> span, when something listens to <c>CivicTrust.Drill</c>.</summary>
    public string? TraceId { get; private set; }

    /// <summary>Every issue, read and abort this drill sent, as they ended.</summary>
    public DrillHistory History { get; }

    /// <summary>Every live member's logs as verification read them; empty until then.</summary>
    public IReadOnlyList<MemberLog> MemberLogs { get; private set; } = [];

    /// <summary>The phase running now, named like its span (<c>issuance</c>, <c>crash</c>, <c>failover</c>, <c>recovery</c>, <c>verify</c>).</summary>
    public string Phase => _trace?.CurrentPhase is { } phase ? phase["drill.".Length..] : "starting";

    /// <summary>The issuance load's counters, live.</summary>
    public IssuanceLoad Load => _issuance.Load;

    /// <summary>A run id: UTC time plus randomness, lower-case letters and digits only.</summary>
    public static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("n")[..6];

    /// <summary>Runs the whole drill: issue, inject the fault once a share of the documents is acknowledged, verify.</summary>
    public async Task<DrillResult> RunAsync(int documentCount, TimeSpan timeout, CancellationToken token = default)
    {
        await PrepareFaultAsync(timeout, token);
        await StartIssuanceAsync(documentCount);
        await WaitUntilAcknowledgedAsync((int)Math.Ceiling(documentCount * _options.CrashAfterFraction), timeout, token);
        await InjectFaultAsync(documentCount, timeout, token);
        return await WaitAndVerifyAsync(timeout, token);
    }

    // The run's live spans, opened by the first phase that runs.
    private DrillTrace Trace => _trace ??= new DrillTrace();

    /// <inheritdoc/>
    public void Dispose()
    {
        // A frozen or cut-off node must never outlive the drill that froze it or cut it off.
        _schedule.Dispose();
        _issuance.Dispose();
        _ownedHttp?.Dispose();
        _trace?.Dispose();
    }
}
