using System.Collections.Concurrent;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Failover;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// What a fault's schedule acts with: the members, the injectors, and the moves every schedule is made of (find the
/// leader, kill, restart, hold a fault, damage a disk), with what they noted. One per drill run; the drill reads back
/// what the schedule did (who is down, what is held, what was acknowledged without a majority) to judge the run.
/// </summary>
public sealed partial class FaultSchedule
{
    private static readonly TimeSpan LeaderSearchTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<INodeClient> _nodes;
    private readonly DrillHistory _history;
    private readonly Func<int, CancellationToken, Task> _waitForMoreAcknowledgements;
    // Members killed and not yet started again, by endpoint: restored before the logs are compared.
    private readonly Dictionary<Uri, CrashTarget> _down = [];
    private readonly Dictionary<string, Uri> _statusEndpoints = new(StringComparer.Ordinal);
    // Queues: the fault's end and the partition's probes write from their own tasks.
    private readonly ConcurrentQueue<string> _notes = [];
    private readonly ConcurrentQueue<string> _errors = [];
    private CrashRecord? _crash;
    private ClusterStatusResponse? _leader;

    /// <summary>A schedule over <paramref name="nodes"/> (each reached through the drill's history).</summary>
    /// <param name="nodes">Every member.</param>
    /// <param name="history">Where each fault event is recorded, beside the operations.</param>
    /// <param name="ledger">Where the probes a schedule sends are recorded, like every drill document.</param>
    /// <param name="injectors">How members are killed, restarted, frozen, cut off, damaged, powered off.</param>
    /// <param name="options">The run's knobs (fault, target, durations).</param>
    /// <param name="time">The drill's clock.</param>
    /// <param name="runId">The run, for the probes' documents.</param>
    /// <param name="waitForMoreAcknowledgements">Waits until the load has that many more acknowledgements, or gives up quietly.</param>
    /// <param name="loadKey">The issuer key the load writes with, which a schedule may change; one of its own when <see langword="null"/>.</param>
    public FaultSchedule(IReadOnlyList<INodeClient> nodes, DrillHistory history, IDrillLedger ledger, FaultInjectors injectors, DrillOptions options, TimeProvider time, string runId,
        Func<int, CancellationToken, Task> waitForMoreAcknowledgements, LoadKey? loadKey = null)
    {
        LoadKey = loadKey ?? new LoadKey();
        _nodes = nodes;
        _history = history;
        Ledger = ledger;
        Injectors = injectors;
        Options = options;
        Time = time;
        RunId = runId;
        Quorum = new Quorum(nodes.Count);
        _waitForMoreAcknowledgements = waitForMoreAcknowledgements;
    }

    /// <summary>The fault this schedule runs.</summary>
    public IDrillFault Fault => Options.Fault;

    /// <summary>The run's knobs.</summary>
    public DrillOptions Options { get; }

    /// <summary>How members are acted on.</summary>
    public FaultInjectors Injectors { get; }

    /// <summary>Where probes are recorded.</summary>
    public IDrillLedger Ledger { get; }

    /// <summary>The drill's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The run, for the probes' documents.</summary>
    public string RunId { get; }

    /// <summary>The issuer key the load writes with.</summary>
    public LoadKey LoadKey { get; }

    /// <summary>The majority arithmetic, so one schedule drills three members or five.</summary>
    public Quorum Quorum { get; }

    /// <summary>The leader when the fault began.</summary>
    /// <exception cref="InvalidOperationException">The schedule has not begun (<see cref="BeginAsync"/>).</exception>
    public ClusterStatusResponse Leader => _leader ?? throw new InvalidOperationException("The schedule has not begun: BeginAsync finds the leader.");

    /// <summary>The followers when the fault began.</summary>
    public IReadOnlyList<ClusterStatusResponse> Followers { get; private set; } = [];

    /// <summary>The member <c>--target</c> names: the leader, or the first follower.</summary>
    public ClusterStatusResponse Target => TargetsFollower ? Followers[0] : Leader;

    /// <summary>Documents a schedule lets the load acknowledge between two of its kills.</summary>
    public int Step { get; private set; } = 1;

    /// <summary>How long a restarted member may take to answer, and a failover watched during the fault to happen.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>The kill, freeze or cut the failover is measured from; <see langword="null"/> before the fault.</summary>
    public CrashRecord? Crash => _crash;

    /// <summary>Whether the fault hits a follower rather than the leader, so the leader is expected to stay.</summary>
    public bool TargetsFollower => Fault.Targets != FaultTargets.None && Options.Target == DrillTarget.Follower;

    /// <summary>Whether the leader the fault began with is expected to lead on: a follower was hit, or no member was taken away.</summary>
    public bool LeaderStays => TargetsFollower || !Fault.TakesMemberAway;

    /// <summary>Whether any member may lead after the fault: every member (or a majority) was down and came back.</summary>
    public bool AnyMemberMayLeadAgain => Fault.MayElectAnyMember(Options.Target);

    /// <summary>What the schedule did and saw, with Unix-ms times, in order.</summary>
    public IReadOnlyCollection<string> Notes => _notes;

    /// <summary>What went wrong in injecting or ending the fault (a member that would not resume, a command that failed).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Finds the leader, then runs the fault's schedule; returns the kill the failover is measured from.</summary>
    /// <param name="documentCount">Documents of the run (a schedule waits a share of them between two kills).</param>
    /// <param name="timeout">How long a restarted member may take to answer again.</param>
    /// <param name="token">Cancels the schedule.</param>
    public async Task<CrashRecord> RunAsync(int documentCount, TimeSpan timeout, CancellationToken token)
    {
        await BeginAsync(documentCount, timeout, token);
        return await Fault.InjectAsync(this, token);
    }

    /// <summary>Readies the cluster for the fault before the load starts (<see cref="IDrillFault.PrepareAsync"/>).</summary>
    /// <param name="timeout">How long each step of the preparation may take.</param>
    /// <param name="token">Cancels the preparation.</param>
    public Task PrepareAsync(TimeSpan timeout, CancellationToken token)
    {
        Timeout = timeout;
        return Fault.PrepareAsync(this, token);
    }

    /// <summary>Finds the leader and its followers, the members the fault starts from.</summary>
    /// <exception cref="TimeoutException">The members did not agree on a leader within 10 s.</exception>
    public async Task BeginAsync(int documentCount, TimeSpan timeout, CancellationToken token)
    {
        if (_crash is not null)
        {
            throw new InvalidOperationException($"The fault already hit {_crash.Target.NodeId} in this drill.");
        }

        Timeout = timeout;
        Step = Math.Max(1, (int)Math.Ceiling(documentCount * Options.ScheduleStepFraction));
        (_leader, Followers) = await FindLeaderAsync(token);
    }

    /// <summary>
    /// Does <paramref name="act"/> to <paramref name="member"/> and records it in the history as <paramref name="action"/>,
    /// failed or not: a command that failed is recorded (the member's state is then unknown) and rethrown.
    /// </summary>
    public async Task<FaultEvent> ActAsync(string action, CrashTarget member, string how, Func<Task> act, string? detail = null, bool crash = false)
    {
        var started = (Ms: Now(), Seq: _history.Stamp());
        try
        {
            await act();
        }
        catch (CrashFailedException e)
        {
            Record(action, member, started, failed: true, how, detail is null ? e.Message : $"{detail}: {e.Message}");
            throw;
        }

        return Record(action, member, started, how: how, detail: detail, crash: crash);
    }

    // What was done to a member since it started, in the history.
    private FaultEvent Record(string action, CrashTarget member, (long Ms, long Seq) started, bool failed = false, string? how = null, string? detail = null, bool crash = false)
    {
        var fault = new FaultEvent(action, member.Endpoint.ToString(), member.NodeId, member.Pid, started.Ms, Now(), failed ? FaultEvent.Failed : FaultEvent.Ok, how, detail, crash,
            started.Seq, _history.Stamp());
        _history.Record(fault);
        return fault;
    }

    /// <summary>Records that the members up agreed on <paramref name="leader"/>, in the history.</summary>
    public void RecordLeader(FailoverObservation leader)
    {
        var seen = _history.Stamp();
        _history.Record(new FaultEvent(FaultActions.Leader, leader.LeaderNode.Endpoint.ToString(), leader.LeaderId, null, leader.AgreedAtUnixMs, leader.AgreedAtUnixMs, FaultEvent.Ok,
            Detail: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"term {leader.Term}"), StartSeq: seen, EndSeq: seen));
    }

    /// <summary>Notes a step of the schedule for the report.</summary>
    public void Note(string step) => _notes.Enqueue(step);

    /// <summary>Notes what went wrong in injecting or ending the fault.</summary>
    public void Error(string error) => _errors.Enqueue(error);

    /// <summary>Waits until the load has <see cref="Step"/> more acknowledgements; best effort: a finished or stalled load does not stop the schedule.</summary>
    public Task WaitForMoreAcknowledgementsAsync(CancellationToken token) => _waitForMoreAcknowledgements(Step, token);

    /// <summary>The current Unix-ms time.</summary>
    public long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();



    /// <summary>
    /// Members neither killed nor waiting for their restart: the ones an election is watched on (kill-all restarts
    /// members concurrently, hence the lock).
    /// </summary>
    public List<INodeClient> MembersUp()
    {
        lock (_down)
        {
            return [.. _nodes.Where(n => !_down.ContainsKey(n.Endpoint))];
        }
    }

    /// <summary>Every member, up or not.</summary>
    public IReadOnlyList<INodeClient> Members => _nodes;

    /// <summary>The client of the member that described itself as <paramref name="status"/>.</summary>
    public INodeClient NodeOf(ClusterStatusResponse status) => _nodes.First(n => n.Endpoint == _statusEndpoints[status.NodeId]);

    /// <summary>The client of the member at <paramref name="target"/>'s endpoint.</summary>
    public INodeClient NodeOf(CrashTarget target) => _nodes.First(n => n.Endpoint == target.Endpoint);

    private async Task<(ClusterStatusResponse Leader, IReadOnlyList<ClusterStatusResponse> Followers)> FindLeaderAsync(CancellationToken token)
    {
        var deadline = Time.GetUtcNow() + LeaderSearchTimeout;
        while (Time.GetUtcNow() < deadline)
        {
            var statuses = await Task.WhenAll(_nodes.Select(async node =>
            {
                try
                {
                    return await node.GetStatusAsync(token);
                }
                catch (NodeUnreachableException)
                {
                    return null;
                }
            }));

            // Noted here, after the reads, not inside them: a Dictionary written from concurrent reads loses entries.
            for (var i = 0; i < statuses.Length; i++)
            {
                if (statuses[i] is { } status)
                {
                    _statusEndpoints[status.NodeId] = _nodes[i].Endpoint;
                }
            }

            if (FailoverObserver.Agreement(statuses, excludedLeaderId: null) is { } leader)
            {
                return (leader, [.. statuses.Where(s => s != leader).Select(s => s!)]);
            }

            await Task.Delay(Options.FailoverPollInterval, Time, token);
        }

        throw new TimeoutException($"The nodes did not agree on a leader within {LeaderSearchTimeout.TotalSeconds} s; there is nothing to crash.");
    }
}
