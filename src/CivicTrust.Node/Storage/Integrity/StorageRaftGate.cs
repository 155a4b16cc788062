namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Keeps a member whose storage is not intact out of the Raft messages that would use it. A damaged member answers
/// none: it must not vote with, acknowledge into or report from a log it cannot trust. A repairing member takes the
/// leader's appends and snapshots (that is how it is repaired) but answers no vote until it holds its entries again
/// (<see cref="RepairPlan.Watermark"/>).
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
        if (!context.Request.Path.StartsWithSegments(RaftPath) || Allows(integrity.State, context.Request.Headers[MessageTypeHeader]))
        {
            await next(context);
            return;
        }

        // A refusal is what a down member looks like to the sender: no vote, no acknowledgement.
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    /// <summary>Whether a member in <paramref name="state"/> may take part in a Raft message of <paramref name="messageType"/>, in or out.</summary>
    public static bool Allows(StorageState state, string? messageType) => state switch
    {
        StorageState.Intact => true,
        StorageState.Repairing => !IsVote(messageType),
        _ => false,
    };

    private static bool IsVote(string? messageType) => messageType is "PreVote" or "RequestVote";
}
