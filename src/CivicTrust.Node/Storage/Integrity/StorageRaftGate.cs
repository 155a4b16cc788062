using System.Globalization;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Keeps a member whose storage is not intact out of the Raft messages that would use it. A damaged member answers
/// none: it must not vote with, acknowledge into or report from a log it cannot trust. A repairing member takes the
/// leader's appends and snapshots (that is how it is repaired) but answers no vote until it holds its entries again
/// (<see cref="RepairPlan.Watermark"/>); a member that lost its disk votes in no term it may have voted in before
/// (<see cref="StorageIntegrity.VoteTermFence"/>).
/// </summary>
public sealed class StorageRaftGate(RequestDelegate next, StorageIntegrity integrity)
{
    /// <summary>The path of DotNext's Raft endpoint.</summary>
    public const string RaftPath = "/cluster-consensus/raft";

    /// <summary>The header DotNext names each message's type in.</summary>
    public const string MessageTypeHeader = "X-Raft-Message-Type";

    /// <summary>Refuses what the member's storage state does not allow; passes everything else through.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(RaftPath)
            || Allows(integrity.State, context.Request.Headers[MessageTypeHeader], context.Request.Headers[TermHeader], integrity.VoteTermFence))
        {
            await next(context);
            return;
        }

        // A refusal is what a down member looks like to the sender: no vote, no acknowledgement.
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    /// <summary>The header DotNext carries the sender's term in.</summary>
    public const string TermHeader = "X-Raft-Term";

    /// <summary>
    /// Whether a member in <paramref name="state"/> may take part in a Raft message of <paramref name="messageType"/>
    /// in <paramref name="term"/>, in or out; an intact member still casts or asks for no vote in a term at or below
    /// <paramref name="voteTermFence"/> (it lost its disk, and with it the votes it had cast).
    /// </summary>
    public static bool Allows(StorageState state, string? messageType, string? term = null, long voteTermFence = 0) => state switch
    {
        StorageState.Intact => messageType is not RequestVote || voteTermFence == 0 || IsAbove(term, voteTermFence),
        StorageState.Repairing => !IsVote(messageType),
        _ => false,
    };

    private const string RequestVote = "RequestVote";

    private static bool IsVote(string? messageType) => messageType is "PreVote" or RequestVote;

    // A pre-vote binds no one (nothing is recorded), so the fence leaves it alone: fencing it too could leave the other
    // members, still in the fenced term, unable to start the election that takes everyone past it. A missing or
    // unreadable term counts as fenced.
    private static bool IsAbove(string? term, long fence) =>
        long.TryParse(term, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > fence;
}
