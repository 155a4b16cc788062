using System.Collections.Concurrent;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Gives election messages to one member a deadline shorter than an election, on the HTTP client DotNext sends Raft
/// messages with, so a member that never answers cannot cancel every election.
/// </summary>
/// <remarks>
/// DotNext gives every Raft message one deadline, the rpc timeout. A member that is hung (SIGSTOP, GC pause, frozen
/// VM) or cut off keeps its connection open and answers nothing, and a candidate waits for every member's answer to
/// its pre-vote and vote before counting, so with a deadline longer than an election the next election timeout cancels
/// the vote, every time: the survivors stay candidates for as long as the hang lasts. Votes therefore get their own
/// deadline here; past it DotNext counts the member as unavailable (it maps a cancellation it did not ask for to
/// "member unavailable") and the two healthy members elect each other.
///
/// Appends keep the rpc timeout on purpose. Shorter append deadlines (the lower election timeout) made failover from a
/// hung leader faster still (p50 0.6-0.7 s instead of about 3 s), but under CPU contention they timed healthy appends
/// out, caused leader churn, and in one soak round of 50 the churn ended in two members disagreeing on one log index
/// and an acknowledged document lost (docs/durability.md, "Open findings"). Until that is understood, an append is
/// given the time it needs.
///
/// Snapshot installs get a deadline of their own (<see cref="Limits.SnapshotInstall"/>). DotNext sends them without its
/// rpc timeout, and one leader's install to a member repaired after a lost disk hung for 20 minutes mid-body (the
/// member no longer reading it, the leader still writing), its replication to that member stopped for good
/// (docs/platform.md, "A snapshot install that never ends"). Past the deadline the install counts as unavailable and
/// the leader sends it again.
///
/// One exception: the first append to a member that has just let an election message of ours run out its deadline.
/// A new DotNext leader's first round is always rejected by the followers (it starts each member's next index after its
/// own fresh no-op entry), and DotNext's replication barrier counts a rejection as "touched", not as a vote for the
/// commit, so that round waits for the remaining member: with a hung member, its append's whole rpc timeout (2 s),
/// during which the leader sends no heartbeat and commits nothing and the other survivor's election timer runs out.
/// That one append gets the lower election timeout instead. It can only ever shorten appends to members that did not
/// answer the election this node won, a minority, so it cannot cost a leader its quorum; every later append to the
/// member has the rpc timeout again, and any answer from the member clears the mark.
/// </remarks>
public sealed class RaftMessageDeadlines(RaftMessageDeadlines.Limits limits, RaftMessageDeadlines.SilentMembers? silent = null)
    : DelegatingHandler
{
    private const string MessageTypeHeader = "X-Raft-Message-Type";

    private readonly SilentMembers _silent = silent ?? new();

    /// <summary>The deadlines, derived from the election timeout.</summary>
    /// <param name="Election">Pre-vote, vote and resign: must end well inside an election timeout.</param>
    /// <param name="FirstAppendAfterSilence">
    /// The first append to a member that let an election message run out <paramref name="Election"/>; twice that
    /// when not given; the node passes the lower election timeout.
    /// </param>
    /// <param name="SnapshotInstall">A whole snapshot install; <see cref="DefaultSnapshotInstall"/> when not given.</param>
    public sealed record Limits(TimeSpan Election, TimeSpan? FirstAppendAfterSilence = null, TimeSpan? SnapshotInstall = null)
    {
        /// <summary>
        /// The deadline of a snapshot install unless one is given: a 47 MB install takes about 1-2 s on loopback here, so
        /// a minute leaves room for a registry many times that on a slower network, and still ends a stuck one.
        /// </summary>
        public static readonly TimeSpan DefaultSnapshotInstall = TimeSpan.FromSeconds(60);

        /// <summary>The deadline of the first append to a member that left an election message unanswered.</summary>
        public TimeSpan AppendAfterSilence => FirstAppendAfterSilence ?? Election * 2;

        /// <summary>The deadline of one snapshot install.</summary>
        public TimeSpan SnapshotInstallDeadline => SnapshotInstall ?? DefaultSnapshotInstall;
    }

    /// <summary>
    /// Members (by scheme://host:port) that let an election message of this node run out its deadline and have not
    /// answered anything since. Shared by every handler instance the HTTP client factory builds.
    /// </summary>
    public sealed class SilentMembers
    {
        private readonly ConcurrentDictionary<string, byte> _members = new(StringComparer.OrdinalIgnoreCase);

        internal void Mark(string member) => _members[member] = 0;

        internal void Clear(string member) => _members.TryRemove(member, out _);

        internal bool Contains(string member) => _members.ContainsKey(member);

        internal bool TryConsume(string member) => _members.TryRemove(member, out _);
    }

    /// <summary>The deadline of one message, or <see langword="null"/> to leave DotNext's rpc timeout alone.</summary>
    public TimeSpan? DeadlineOf(HttpRequestMessage request) => DeadlineOf(TypeOf(request), MemberOf(request), consume: false);

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var type = TypeOf(request);
        var member = MemberOf(request);
        // Sending the append uses the mark up: one append only, whether it is answered or not.
        var limit = DeadlineOf(type, member, consume: true);
        if (limit is not { } deadlineAfter)
        {
            var answer = await base.SendAsync(request, cancellationToken);
            Answered(member);
            return answer;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(deadlineAfter);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, deadline.Token);
            // The body (a verdict) is read by DotNext after this returns; buffer it under the same deadline.
            await response.Content.LoadIntoBufferAsync(deadline.Token);
            Answered(member);
            return response;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            if (member is not null && type is "PreVote" or "RequestVote")
            {
                _silent.Mark(member);
            }

            throw;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private TimeSpan? DeadlineOf(string? type, string? member, bool consume) => type switch
    {
        "PreVote" or "RequestVote" or "Resign" => limits.Election,
        "AppendEntries" when member is not null && (consume ? _silent.TryConsume(member) : _silent.Contains(member)) => limits.AppendAfterSilence,
        "InstallSnapshot" => limits.SnapshotInstallDeadline,
        _ => null,
    };

    private void Answered(string? member)
    {
        if (member is not null)
        {
            _silent.Clear(member);
        }
    }

    private static string? TypeOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(MessageTypeHeader, out var types) ? types.FirstOrDefault() : null;

    private static string? MemberOf(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : null;
}
