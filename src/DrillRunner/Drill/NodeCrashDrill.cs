using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Failover;
using CivicTrust.DrillRunner.History;
using CivicTrust.DrillRunner.Issuance;
using CivicTrust.DrillRunner.Ledger;
using CivicTrust.DrillRunner.Report;
using CivicTrust.DrillRunner.Telemetry;
using CivicTrust.DrillRunner.Verification;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// The node-crash drill: issue documents, SIGKILL the leader mid-flight, and prove the cluster elected a new
/// leader, lost nothing, duplicated nothing and left nothing pending. The phases are separate pieces
/// (<see cref="IssuanceLoad"/>, <see cref="ICrashInjector"/>, <see cref="FailoverObserver"/>,
/// <see cref="InFlightTracker"/>, <see cref="DuplicateDetector"/>, <see cref="IDrillLedger"/>,
/// <see cref="DrillReport"/>); this type only sequences them.
/// </summary>
public sealed partial class NodeCrashDrill : IDisposable
{
    private readonly IReadOnlyList<INodeClient> _nodes;
    // The schedules kill and restart by it, so one schedule drills three members or five.
    private readonly Quorum _quorum;
    private readonly IDrillLedger _ledger;
    private readonly ICrashInjector _crashInjector;
    private readonly INodeRestarter? _restarter;
    private readonly INodePauser _pauser;
    private readonly INodeIsolator? _isolator;
    private readonly INodeDamager? _damager;
    private readonly ICrashInjector? _powerCutter;
    private readonly DrillOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient? _ownedHttp;
    private readonly IssuanceLoad _load;
    private readonly CancellationTokenSource _stopIssuance = new();
    private DrillTrace? _trace;
    private Task? _issuance;
    private long? _startedTs;
    private CrashRecord? _crash;
    private long _killRequestedTs;
    private long _issuanceEndedTs;

    /// <summary>A drill against the nodes at <paramref name="nodeEndpoints"/>, over HTTP.</summary>
    /// <param name="nodeEndpoints">Base URLs of every member.</param>
    /// <param name="ledger">Where submitted hashes are recorded.</param>
    /// <param name="crashInjector">How the leader is killed; local SIGKILL by pid when <see langword="null"/>.</param>
    /// <param name="options">Knobs; defaults when <see langword="null"/>.</param>
    /// <param name="runId">Identifies the run; generated when <see langword="null"/>.</param>
    /// <param name="restarter">How killed nodes are started again; required by crash schedules, optional for <see cref="DrillFault.Kill"/>
    /// (with it, the killed leader is restarted before verification and its log is checked too).</param>
    /// <param name="pauser">How <see cref="DrillFault.Pause"/> freezes a node; local SIGSTOP/SIGCONT when <see langword="null"/>.</param>
    /// <param name="isolator">How <see cref="DrillFault.Partition"/> cuts a node off and heals it; required by that fault.</param>
    /// <param name="apiKey">Issuer key of <c>civictrust-drill</c>, sent with every request; none when <see langword="null"/>
    /// (a cluster that allows anonymous writes).</param>
    /// <param name="damager">How <see cref="DrillFault.DiskCorruption"/> and <see cref="DrillFault.DiskLoss"/> damage a stopped node's disk; required by them.</param>
    /// <param name="powerCutter">How <see cref="DrillFault.PowerLoss"/> cuts a node's power; required by that fault.</param>
    public NodeCrashDrill(IReadOnlyList<Uri> nodeEndpoints, IDrillLedger ledger, ICrashInjector? crashInjector = null, DrillOptions? options = null, string? runId = null,
        INodeRestarter? restarter = null, INodePauser? pauser = null, INodeIsolator? isolator = null, string? apiKey = null, INodeDamager? damager = null,
        ICrashInjector? powerCutter = null)
        : this(CreateHttp(), nodeEndpoints, ledger, crashInjector, options, runId, restarter, pauser, isolator, apiKey, damager, powerCutter)
    {
    }

    /// <summary>A drill over any <see cref="INodeClient"/> implementation (tests use in-memory ones).</summary>
    public NodeCrashDrill(IReadOnlyList<INodeClient> nodes, IDrillLedger ledger, ICrashInjector crashInjector, DrillOptions options, TimeProvider time, string runId,
        INodeRestarter? restarter = null, INodePauser? pauser = null, INodeIsolator? isolator = null, INodeDamager? damager = null,
        ICrashInjector? powerCutter = null)
    {
        if (Quorum.WhyNotDrillable(nodes.Count) is { } whyNot)
        {
            throw new ArgumentException($"The drill cannot run: {whyNot}.", nameof(nodes));
        }

        if (options.Fault.RestartsNodes() && restarter is null)
        {
            throw new ArgumentException($"The {options.Fault.Name()} schedule restarts the members it kills: it needs a restarter.", nameof(restarter));
        }

        if (options.Fault == DrillFault.Partition && isolator is null)
        {
            throw new ArgumentException("A partition drill needs an isolator: how to cut a node off from its peers and heal the cut.", nameof(isolator));
        }

        if (options.Fault.DamagesDisk() && damager is null)
        {
            throw new ArgumentException("A disk-corruption drill needs a damager: how to damage a stopped node's log or snapshot.", nameof(damager));
        }

        if (options.Fault == DrillFault.PowerLoss && powerCutter is null)
        {
            throw new ArgumentException("A power-loss drill needs a power cutter: how to cut a node's power so that its disk keeps only what it synced.", nameof(powerCutter));
        }

        // Every node is reached through the history, so history.jsonl holds every issue, read and abort of the run.
        History = new DrillHistory();
        _nodes = [.. nodes.Select(n => new RecordingNodeClient(n, History, time))];
        _quorum = new Quorum(nodes.Count);
        _ledger = ledger;
        _crashInjector = crashInjector;
        _restarter = restarter;
        _pauser = pauser ?? new LocalSignalPauser();
        _isolator = isolator;
        _damager = damager;
        _powerCutter = powerCutter;
        _options = options;
        _time = time;
        RunId = runId;
        _load = new IssuanceLoad(_nodes, ledger, options, time);
    }

    private NodeCrashDrill(HttpClient http, IReadOnlyList<Uri> endpoints, IDrillLedger ledger, ICrashInjector? crashInjector, DrillOptions? options, string? runId,
        INodeRestarter? restarter, INodePauser? pauser, INodeIsolator? isolator, string? apiKey, INodeDamager? damager, ICrashInjector? powerCutter)
        : this(
            [.. endpoints.Select(e => new HttpNodeClient(http, e, (options ?? new DrillOptions()).RequestTimeout, apiKey))],
            ledger,
            crashInjector ?? new LocalSigkillInjector(),
            options ?? new DrillOptions(),
            TimeProvider.System,
            runId ?? NewRunId(),
            restarter,
            pauser,
            isolator,
            damager,
            powerCutter)
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
    public IssuanceLoad Load => _load;

    /// <summary>A run id: UTC time plus randomness, lower-case letters and digits only.</summary>
    public static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("n")[..6];

    /// <summary>Runs the whole drill: issue, inject the fault once a share of the documents is acknowledged, verify.</summary>
    public async Task<DrillResult> RunAsync(int documentCount, TimeSpan timeout, CancellationToken token = default)
    {
        await StartIssuanceAsync(documentCount);
        await WaitUntilAcknowledgedAsync((int)Math.Ceiling(documentCount * _options.CrashAfterFraction), timeout, token);
        await InjectFaultAsync(documentCount, timeout, token);
        return await WaitAndVerifyAsync(timeout, token);
    }

    // The run's live spans, opened by the first phase that runs.
    private DrillTrace Trace => _trace ??= new DrillTrace();

    private static HttpClient CreateHttp() => new(new SocketsHttpHandler
    {
        // Connection refused from a dead node must come back at once, not after the default connect timeout.
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = 256,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each request carries its own deadline
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        // A frozen or cut-off node must never outlive the drill that froze it or cut it off.
        EndHeldFaultAsync().GetAwaiter().GetResult();
        _faultInForce.Dispose();
        _stopIssuance.Cancel();
        _stopIssuance.Dispose();
        _ownedHttp?.Dispose();
        _trace?.Dispose();
    }
}
