using System.Globalization;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>partition</c>: cut the target off from all its peers at the network level for <see cref="DrillOptions.FaultDuration"/>,
/// then heal: packets dropped, not refused, so its peers' connections hang as they do to a host whose network died.
/// The drill still reaches it, and writes to it all along: a member without a majority must acknowledge nothing.
/// </summary>
public sealed class PartitionFault : IDrillFault
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc/>
    public string Name => "partition";

    /// <inheritdoc/>
    public string Help => "cut the target off from its peers for --fault-duration, then heal";

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.Isolator;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.OneMember;

    /// <inheritdoc/>
    public bool TargetLives => true;

    /// <inheritdoc/>
    public string CrashMoment => "crash (the target cut off from its peers)";

    /// <inheritdoc/>
    public string Method(FaultInjectors injectors, DrillOptions options) =>
        $"{injectors.Isolator?.Description} for {options.FaultDuration.TotalSeconds:0.#} s";

    /// <inheritdoc/>
    public async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var isolator = schedule.Injectors.Isolator ?? throw new InvalidOperationException("A partition needs an isolator: how to cut a node off and heal it.");
        var isolated = schedule.NodeOf(schedule.Target);
        var crash = await schedule.HoldAsync(schedule.Target, FaultActions.Cut, isolator.IsolateAsync, FaultActions.Heal, isolator.HealAsync, isolator.Description, token);
        schedule.WhileInForce(inForce => ProbeAsync(schedule, isolated, inForce));
        return crash;
    }

    // Fresh documents, one after another, until the heal begins. Each is recorded like every drill document, so the
    // in-flight tracker settles it whatever the member did with it, and the history judges it: a 201 before the heal
    // is a false acknowledgement (StaleAcknowledgementCheck); after it, the member may rightly have forwarded the
    // write to the new leader.
    private static async Task ProbeAsync(FaultSchedule schedule, INodeClient isolated, CancellationToken inForce)
    {
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        while (!inForce.IsCancellationRequested)
        {
            var probe = DrillDocument.Create(schedule.RunId, sent++, "isolated");
            await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
            string outcome;
            try
            {
                var answer = await isolated.IssueAsync(probe, inForce);
                outcome = ((int)answer.Status).ToString(CultureInfo.InvariantCulture);
                if (answer.IsSuccess)
                {
                    await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
                }
            }
            catch (NodeUnreachableException)
            {
                outcome = "no answer";
            }
            catch (OperationCanceledException) when (inForce.IsCancellationRequested)
            {
                outcome = "no answer before the heal";
            }

            answers[outcome] = answers.GetValueOrDefault(outcome) + 1;
            try
            {
                await Task.Delay(ProbeInterval, schedule.Time, inForce);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        schedule.Note($"while cut off, {isolated.Endpoint} was sent {sent} fresh documents: {string.Join(", ", answers.Select(a => $"{a.Value} × {a.Key}"))}");
    }
}
