using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Crash;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Keys;

namespace CivicTrust.Drill.Faults;

/// <summary>
/// Issuer keys made at run time: admitted through <c>/admin/issuer-keys</c>, handed to the load, revoked, and after the
/// load listed by every member; the ones still active then are retired, so a drill leaves no live key behind. Each step
/// is a fault event (<see cref="FaultActions.AdmitKey"/>, <see cref="FaultActions.UseKey"/>,
/// <see cref="FaultActions.RevokeKey"/>, <see cref="FaultActions.KeyListed"/>). The drill's own key is never touched.
/// </summary>
public sealed partial class FaultSchedule
{
    private static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AdminRetryLimit = TimeSpan.FromSeconds(1);
    // Admitted and not yet revoked, in the order they were admitted.
    private readonly List<DrillKey> _liveKeys = [];
    private DrillKey? _revokedKey;

    /// <summary>
    /// Makes a fresh key of the drill's issuer and admits it, then waits until every member lists it active: a member
    /// takes a key only once it has applied the entry that admitted it (a follower checks a write's key itself).
    /// </summary>
    /// <exception cref="CrashFailedException">A member refused the admission or the listing (the admin key, a conflict).</exception>
    /// <exception cref="TimeoutException">No member admitted it, or not every member listed it, within <see cref="Timeout"/>.</exception>
    public async Task<DrillKey> AdmitKeyAsync(CancellationToken token)
    {
        var key = DrillKey.Generate();
        var admitted = await AdminWriteAsync(FaultActions.AdmitKey, key,
            (admin, member, t) => admin.AddAsync(member, new AddIssuerKeyRequest(DrillIssuer.Name, key.Sha256), t),
            answer => answer is { State: IssuerKeyStateNames.Active, Issuer: DrillIssuer.Name, AddedIndex: > 0 } ? answer.AddedIndex : null,
            crash: false, token);
        lock (_liveKeys)
        {
            _liveKeys.Add(key);
        }

        await WaitUntilEveryMemberListsAsync(key, IssuerKeyStateNames.Active, token);
        Note(Invariant($"{Now()}: {key} admitted at index {admitted.Index} and listed active by every member"));
        return key;
    }

    /// <summary>Every request the load starts from now on carries <paramref name="key"/>; recorded as <see cref="FaultActions.UseKey"/>.</summary>
    public void UseForLoad(DrillKey key)
    {
        LoadKey.Use(key);
        var (now, seq) = (Now(), _history.Stamp());
        _history.Record(new FaultEvent(FaultActions.UseKey, null, null, null, now, now, FaultEvent.Ok, Detail: "the load writes with it from here", StartSeq: seq, EndSeq: seq,
            Key: key.Sha256));
        Note($"{now}: the load writes with {key}");
    }

    /// <summary>
    /// Revokes <paramref name="key"/> and takes the revocation's acknowledgement as <c>crash_ts</c>: from then on no write
    /// with it may be acknowledged or applied above the revocation's index. The record names the leader the fault
    /// began with, which no member's loss is expected to replace.
    /// </summary>
    /// <exception cref="CrashFailedException">A member refused the revocation (404: it does not know the key).</exception>
    /// <exception cref="TimeoutException">No member acknowledged it within <see cref="Timeout"/>.</exception>
    public async Task<CrashRecord> RevokeKeyAsync(DrillKey key, CancellationToken token)
    {
        var revoked = await RevokeAsync(key, crash: true, token);
        _revokedKey = key;
        var leader = Leader;
        var crash = Crashed(new CrashTarget(leader.NodeId, leader.Pid, NodeOf(leader).Endpoint), leader.Term, revoked.EndMs);
        Note(Invariant($"{crash.CrashTs}: {key} revoked at index {revoked.Index} (asked at {revoked.StartMs}, acknowledged by {revoked.Node})"));
        return crash;
    }

    /// <summary>
    /// After the load: every member's own listing of the revoked key, asked until it lists the key revoked (a follower
    /// may apply the revocation a moment after the leader) and recorded as <see cref="FaultActions.KeyListed"/>; then
    /// every run-time key still active is revoked. What could not be done goes to <paramref name="errors"/>.
    /// </summary>
    private async Task SettleKeysAsync(List<string> errors, CancellationToken token)
    {
        if (_revokedKey is { } revoked)
        {
            await Task.WhenAll(_nodes.Select(member => RecordListingAsync(member.Endpoint, revoked, token)));
        }

        List<DrillKey> live;
        lock (_liveKeys)
        {
            live = [.. _liveKeys];
        }

        foreach (var key in live)
        {
            try
            {
                await RevokeAsync(key, crash: false, token);
                Note($"{Now()}: {key} retired: the drill leaves no run-time key active");
            }
            catch (Exception e) when (e is CrashFailedException or TimeoutException)
            {
                errors.Add($"Retiring {key} failed, so it stays active on the cluster: {e.Message}");
            }
        }
    }

    private async Task<FaultEvent> RevokeAsync(DrillKey key, bool crash, CancellationToken token)
    {
        var revoked = await AdminWriteAsync(FaultActions.RevokeKey, key,
            (admin, member, t) => admin.RevokeAsync(member, key.Sha256, t),
            answer => answer is { State: IssuerKeyStateNames.Revoked, RevokedIndex: > 0 } ? answer.RevokedIndex : null,
            crash, token);
        lock (_liveKeys)
        {
            _liveKeys.Remove(key);
        }

        return revoked;
    }

    // One admission or revocation: sent to the leader first, to the next member after a 503 or no answer (the request
    // is idempotent, so the same one goes again), until a member answers it or the schedule's timeout passes. Recorded
    // once, from the first send to the answer that settled it: its end is when it was acknowledged.
    private async Task<FaultEvent> AdminWriteAsync(
        string action, DrillKey key, Func<IIssuerKeyAdmin, Uri, CancellationToken, Task<AdminAnswer<IssuerKeyResponse>>> send,
        Func<IssuerKeyResponse, long?> indexOf, bool crash, CancellationToken token)
    {
        var admin = Injectors.KeyAdmin ?? throw new InvalidOperationException($"A {Fault.Name} drill needs a key admin: the admin key.");
        var started = (Ms: Now(), Seq: _history.Stamp());
        var deadline = Time.GetUtcNow() + Timeout;
        var members = _leader is { } leader ? [NodeOf(leader), .. _nodes.Where(n => n != NodeOf(leader))] : _nodes;
        var last = "not sent";
        for (var attempt = 0; Time.GetUtcNow() < deadline; attempt++)
        {
            var member = members[attempt % members.Count].Endpoint;
            TimeSpan? wait = null;
            try
            {
                var answer = await send(admin, member, token);
                if (answer.IsSuccess && indexOf(answer.Body!) is { } index && answer.Body!.KeySha256 == key.Sha256)
                {
                    return RecordKeyEvent(action, member, started, FaultEvent.Ok, admin.Description, $"answered {(int)answer.Status}", crash, key, index);
                }

                if (!answer.IsRetryable)
                {
                    var refused = answer.IsSuccess ? $"{(int)answer.Status} with a key record outside the contract ({answer.Body})" : answer.Describe();
                    RecordKeyEvent(action, member, started, FaultEvent.Failed, admin.Description, refused, crash: false, key, null);
                    throw new CrashFailedException($"{member} refused to {KeyVerb(action)} {key}: {refused}");
                }

                last = $"{member} answered {answer.Describe()}";
                wait = answer.RetryAfter;
            }
            catch (NodeUnreachableException e)
            {
                last = e.Message;
            }

            var pause = wait is { } asked && asked > TimeSpan.Zero ? (asked < AdminRetryLimit ? asked : AdminRetryLimit) : Options.RetryDelay;
            await Task.Delay(pause, Time, token);
        }

        RecordKeyEvent(action, null, started, FaultEvent.Failed, admin.Description, $"no member acknowledged it within {Timeout.TotalSeconds:0.#} s; last: {last}", crash: false, key, null);
        throw new TimeoutException($"No member would {KeyVerb(action)} {key} within {Timeout.TotalSeconds:0.#} s; last: {last}");
    }

    private async Task WaitUntilEveryMemberListsAsync(DrillKey key, string state, CancellationToken token)
    {
        var admin = Injectors.KeyAdmin!;
        var deadline = Time.GetUtcNow() + Timeout;
        var behind = _nodes.Select(n => n.Endpoint).ToList();
        var last = new Dictionary<Uri, string>();
        while (true)
        {
            foreach (var member in behind.ToList())
            {
                var seen = await ListAsync(admin, member, key, token);
                if (seen.Listed?.State == state)
                {
                    behind.Remove(member);
                }

                last[member] = seen.Seen;
            }

            if (behind.Count == 0)
            {
                return;
            }

            if (Time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"{key} was not listed {state} by every member within {Timeout.TotalSeconds:0.#} s: "
                    + string.Join("; ", behind.Select(m => $"{m} {last[m]}")));
            }

            await Task.Delay(KeyPollInterval, Time, token);
        }
    }

    // One member's listing after the load: asked until it lists the key revoked or the rejoin limit passes; the last
    // answer is what the history keeps, and what no_write_after_revocation judges.
    private async Task RecordListingAsync(Uri member, DrillKey key, CancellationToken token)
    {
        var admin = Injectors.KeyAdmin!;
        var started = (Ms: Now(), Seq: _history.Stamp());
        var deadline = Time.GetUtcNow() + RejoinLimit;
        while (true)
        {
            string? failure = null;
            KeyListing seen = default;
            try
            {
                seen = await ListAsync(admin, member, key, token);
            }
            catch (CrashFailedException e)
            {
                failure = e.Message;
            }

            if (failure is not null || seen.Listed?.State == IssuerKeyStateNames.Revoked || Time.GetUtcNow() >= deadline)
            {
                failure ??= seen.Answered ? null : seen.Seen;
                RecordKeyEvent(FaultActions.KeyListed, member, started, failure is null ? FaultEvent.Ok : FaultEvent.Failed, admin.Description,
                    failure ?? seen.Listed?.State ?? FaultActions.NotListed, crash: false, key, failure is null ? seen.Listed?.RevokedIndex ?? 0 : null);
                return;
            }

            await Task.Delay(KeyPollInterval, Time, token);
        }
    }

    // What a member lists of the key (null when it does not know it), whether it answered at all, and what it said, in
    // words; a refusal (the admin key) is no answer to wait for.
    private static async Task<KeyListing> ListAsync(IIssuerKeyAdmin admin, Uri member, DrillKey key, CancellationToken token)
    {
        try
        {
            var answer = await admin.ListAsync(member, token);
            if (answer.IsSuccess)
            {
                var listed = answer.Body!.Keys?.FirstOrDefault(k => k.KeySha256 == key.Sha256);
                var applied = answer.Body.AppliedIndex.ToString(CultureInfo.InvariantCulture);
                return new(listed, true, listed is null ? $"does not list it (applied {applied})" : $"lists it {listed.State} (applied {applied})");
            }

            return answer.IsRetryable
                ? new(null, false, $"answered {answer.Describe()}")
                : throw new CrashFailedException($"{member} refused to list its issuer keys: {answer.Describe()}");
        }
        catch (NodeUnreachableException e)
        {
            return new(null, false, $"did not answer ({e.Message})");
        }
    }

    private readonly record struct KeyListing(IssuerKeyResponse? Listed, bool Answered, string Seen);

    private FaultEvent RecordKeyEvent(string action, Uri? member, (long Ms, long Seq) started, string outcome, string how, string detail, bool crash, DrillKey key, long? index)
    {
        var nodeId = member is null ? null : _statusEndpoints.FirstOrDefault(e => e.Value == member).Key;
        var fault = new FaultEvent(action, member?.ToString(), nodeId, null, started.Ms, Now(), outcome, how, detail, crash, started.Seq, _history.Stamp(), key.Sha256, index);
        _history.Record(fault);
        return fault;
    }

    private static string KeyVerb(string action) => action == FaultActions.AdmitKey ? "admit" : "revoke";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
