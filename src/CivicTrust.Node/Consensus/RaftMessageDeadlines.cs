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
/// given the time it needs. Snapshot installs keep the rpc timeout too.
/// </remarks>
public sealed class RaftMessageDeadlines(RaftMessageDeadlines.Limits limits) : DelegatingHandler
{
    private const string MessageTypeHeader = "X-Raft-Message-Type";

    /// <summary>The deadlines, derived from the election timeout.</summary>
    /// <param name="Election">Pre-vote, vote and resign: must end well inside an election timeout.</param>
    public sealed record Limits(TimeSpan Election);

    /// <summary>The deadline of one message, or <see langword="null"/> to leave DotNext's rpc timeout alone.</summary>
    public TimeSpan? DeadlineOf(HttpRequestMessage request)
    {
        var type = request.Headers.TryGetValues(MessageTypeHeader, out var types) ? types.FirstOrDefault() : null;
        return type switch
        {
            "PreVote" or "RequestVote" or "Resign" => limits.Election,
            _ => null,
        };
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (DeadlineOf(request) is not { } limit)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var response = await base.SendAsync(request, deadline.Token);
        try
        {
            // The body (a verdict) is read by DotNext after this returns; buffer it under the same deadline.
            await response.Content.LoadIntoBufferAsync(deadline.Token);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
