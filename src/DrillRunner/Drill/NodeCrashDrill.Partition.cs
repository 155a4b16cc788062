using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Cluster;
using CivicTrust.DrillRunner.Crash;
using CivicTrust.DrillRunner.Ledger;

namespace CivicTrust.DrillRunner.Drill;

/// <summary>
/// Phase 2 for <see cref="DrillFault.Partition"/>: the target is cut off from all its peers at the network level for the
/// fault's duration, then healed. The drill still reaches it, and writes to it all along: a member without a majority
/// must acknowledge nothing.
/// </summary>
public sealed partial class NodeCrashDrill
{
    private static readonly TimeSpan IsolationProbeInterval = TimeSpan.FromMilliseconds(200);
    private Task? _isolationProbes;

    private async Task<CrashRecord> PartitionTargetAsync(ClusterStatusResponse member, CancellationToken token)
    {
        var isolator = _isolator ?? throw new InvalidOperationException("A partition needs an isolator: how to cut a node off and heal it.");
        var crash = await HoldFaultAsync(member, "cut off", isolator.IsolateAsync, "healed", isolator.HealAsync, token);
        _isolationProbes = ProbeIsolatedMemberAsync(NodeOf(member), _faultInForce.Token);
        return crash;
    }

    // Fresh documents, one after another, until the heal begins. Each is recorded like every drill document, so the
    // in-flight tracker settles it whatever the member did with it. A success before the heal is a false
    // acknowledgement; after it, the member may rightly have forwarded the write to the new leader.
    private async Task ProbeIsolatedMemberAsync(INodeClient isolated, CancellationToken inForce)
    {
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        while (!inForce.IsCancellationRequested)
        {
            var probe = DrillDocument.Create(RunId, sent++, "isolated");
            await _ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
            string outcome;
            try
            {
                var answer = await isolated.IssueAsync(probe, inForce);
                outcome = ((int)answer.Status).ToString(CultureInfo.InvariantCulture);
                if (answer.IsSuccess && !inForce.IsCancellationRequested)
                {
                    _staleAcknowledgements.Enqueue($"{isolated.Endpoint} acknowledged a document ({outcome}) while cut off from its peers: no majority can have committed it.");
                    await _ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
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
                await Task.Delay(IsolationProbeInterval, _time, inForce);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _scheduleSteps.Enqueue($"while cut off, {isolated.Endpoint} was sent {sent} fresh documents: {string.Join(", ", answers.Select(a => $"{a.Value} × {a.Key}"))}");
    }

    private async Task WaitForIsolationProbesAsync()
    {
        if (_isolationProbes is not null)
        {
            await _isolationProbes;
        }
    }
}
