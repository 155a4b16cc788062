using System.Globalization;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Gives Raft messages to one member deadlines shorter than an election, on the HTTP client DotNext sends them with,
/// so a member that never answers cannot stall the cluster.
/// </summary>
/// <remarks>
/// DotNext gives every Raft message one deadline, the rpc timeout. A member that is hung (SIGSTOP, GC pause, frozen
/// VM) or cut off keeps its connection open and answers nothing, and waiting the rpc timeout for it hurts twice: a
/// candidate waits for every member's answer to its pre-vote and vote before counting, so the next election timeout
/// cancels the vote, every time; and a leader whose append to the silent member is outstanding stops heartbeating the
/// healthy one, which then starts elections of its own. The rpc timeout cannot simply be short, because a snapshot
/// install legitimately takes longer. So votes and appends get their own deadlines here; past one, DotNext counts the
/// member as unavailable (it maps a cancellation it did not ask for to "member unavailable") and carries on with the
/// majority. Snapshot installs keep the patient rpc timeout.
/// </remarks>
public sealed class RaftMessageDeadlines(RaftMessageDeadlines.Limits limits) : DelegatingHandler
{
    private const string MessageTypeHeader = "X-Raft-Message-Type";
    private const string EntriesCountHeader = "X-Raft-Entries-Count";

    /// <summary>The deadlines, all derived from the election timeout.</summary>
    /// <param name="Election">Pre-vote, vote and resign: must end well inside an election timeout.</param>
    /// <param name="Append">An append (or heartbeat) with no entries.</param>
    /// <param name="PerEntry">Added per entry an append carries, so catching a member up is not cut short.</param>
    public sealed record Limits(TimeSpan Election, TimeSpan Append, TimeSpan PerEntry);

    /// <summary>The deadline of one message, or <see langword="null"/> to leave DotNext's rpc timeout alone.</summary>
    public TimeSpan? DeadlineOf(HttpRequestMessage request)
    {
        var type = request.Headers.TryGetValues(MessageTypeHeader, out var types) ? types.FirstOrDefault() : null;
        return type switch
        {
            "PreVote" or "RequestVote" or "Resign" => limits.Election,
            "AppendEntries" => limits.Append + limits.PerEntry * EntriesOf(request),
            _ => null,
        };
    }

    private static long EntriesOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(EntriesCountHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Math.Min(count, 1_000_000)
            : 0;

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
