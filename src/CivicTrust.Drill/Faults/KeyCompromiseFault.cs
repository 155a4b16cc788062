using System.Globalization;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Ledger;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// <c>key-compromise</c>: the load's issuer key is taken to have leaked, and is rotated out mid-load. Before the load
/// the drill makes a key of its own and admits it, and the load writes with it (the drill's configured key is never
/// revoked, so later drills still run). At the fault a second key is admitted, the load moves to it, and the first is
/// revoked: <c>crash_ts</c> is the revocation's acknowledgement. Then fresh documents go to every member with the
/// revoked key, and each must be refused. No member is taken away, so the leader is expected to stay; the run is
/// judged by <c>no_write_after_revocation</c> and every other criterion as usual.
/// </summary>
public sealed class KeyCompromiseFault : IDrillFault
{
    /// <inheritdoc/>
    public string Name => "key-compromise";

    /// <inheritdoc/>
    public string Help => "rotate the load's issuer key mid-load (admit a second key, move the load to it, revoke the first) and try the revoked key on every member; needs --admin-key";

    /// <inheritdoc/>
    public FaultNeeds Needs => FaultNeeds.AdminKey;

    /// <inheritdoc/>
    public FaultTargets Targets => FaultTargets.None;

    /// <inheritdoc/>
    public bool TakesMemberAway => false;

    /// <inheritdoc/>
    public string CrashMoment => "crash (the load's first issuer key revoked: the revocation acknowledged)";

    /// <inheritdoc/>
    public string Method(FaultInjectors injectors, DrillOptions options) =>
        $"run-time issuer keys admitted and revoked through {injectors.KeyAdmin?.Description}; no member taken away";

    /// <inheritdoc/>
    public async Task PrepareAsync(FaultSchedule schedule, CancellationToken token) => schedule.UseForLoad(await schedule.AdmitKeyAsync(token));

    /// <inheritdoc/>
    public async Task<CrashRecord> InjectAsync(FaultSchedule schedule, CancellationToken token)
    {
        var compromised = schedule.LoadKey.Current
            ?? throw new InvalidOperationException("The load writes with no run-time key: prepare the key-compromise drill (PrepareFaultAsync) before its load.");
        // The second key carries the load on before the first is revoked, so the rotation itself refuses no client.
        schedule.UseForLoad(await schedule.AdmitKeyAsync(token));
        var crash = await schedule.RevokeKeyAsync(compromised, token);
        await ProbeAsync(schedule, compromised, token);
        return crash;
    }

    // Fresh documents with the revoked key, each to every member in turn (each member first for one of them): recorded
    // like every drill document, so the in-flight tracker settles them with the drill's own key and the history judges
    // them. A member that cannot answer now (503, no answer) is asked again until the schedule's timeout.
    private static async Task ProbeAsync(FaultSchedule schedule, DrillKey revoked, CancellationToken token)
    {
        var members = schedule.Members;
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var deadline = schedule.Time.GetUtcNow() + schedule.Timeout;
        for (var i = 0; i < members.Count; i++)
        {
            var probe = DrillDocument.Create(schedule.RunId, i, "revoked-key");
            await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Submitted);
            for (var j = 0; j < members.Count; j++)
            {
                var outcome = await SendAsync(members[(i + j) % members.Count].WithIssuerKey(revoked), probe, schedule, deadline, token);
                answers[outcome] = answers.GetValueOrDefault(outcome) + 1;
            }
        }

        schedule.Note($"{schedule.Now()}: after the revocation, {members.Count} fresh documents went to every member with {revoked}: "
            + string.Join(", ", answers.Select(a => $"{a.Value} × {a.Key}")));
    }

    private static async Task<string> SendAsync(INodeClient member, DrillDocument probe, FaultSchedule schedule, DateTimeOffset deadline, CancellationToken token)
    {
        var last = "not sent";
        while (schedule.Time.GetUtcNow() < deadline)
        {
            try
            {
                var answer = await member.IssueAsync(probe, token);
                last = ((int)answer.Status).ToString(CultureInfo.InvariantCulture);
                if (answer.IsSuccess)
                {
                    // A claim the cluster made: the logs must bear it out like any acknowledgement.
                    await schedule.Ledger.RecordAsync(probe.Hash, LedgerState.Acknowledged);
                }

                if (!answer.IsRetryable)
                {
                    return last;
                }
            }
            catch (NodeUnreachableException)
            {
                last = "no answer";
            }

            await Task.Delay(schedule.Options.RetryDelay, schedule.Time, token);
        }

        return last;
    }
}
