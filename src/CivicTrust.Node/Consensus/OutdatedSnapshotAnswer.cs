using System.Globalization;
using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Consensus;

/// <summary>
/// Answers a snapshot install for an index this member has committed already as installed, so that the leader goes on
/// with the entries after it. DotNext refuses such a snapshot as outdated, and its leader takes any refusal in its own
/// term as "go back one entry": below the snapshot, that is the same snapshot again. So once a leader missed the answer
/// to an install, it sent the member the same snapshot, and the member refused it, until a newer snapshot existed: in
/// bench/scale.sh a member that had lost its disk took 410 s to rejoin a cluster of a million documents, and stood as a
/// candidate meanwhile (no append reached it).
/// </summary>
/// <remarks>
/// Safe because the entries through a committed index are the same on every member (Raft's log matching): a member
/// that committed the snapshot's index holds, durably, exactly what the snapshot holds, and saying so only tells the
/// leader what is true. Placed after <see cref="StorageRaftGate"/>, so a member whose storage cannot be trusted never
/// answers for it. The answer is DotNext's own: status 200, the term in <c>X-Raft-Term</c>, the result's name as body.
/// </remarks>
public sealed class OutdatedSnapshotAnswer(RequestDelegate next, ILogger<OutdatedSnapshotAnswer> logger)
{
    /// <summary>DotNext's message type of a snapshot install.</summary>
    public const string InstallSnapshot = "InstallSnapshot";

    private const string SnapshotIndexHeader = "X-Raft-Snapshot-Index";
    private const string SnapshotTermHeader = "X-Raft-Snapshot-Term";

    /// <summary>Answers an install of a snapshot already held; passes everything else through.</summary>
    public async Task InvokeAsync(HttpContext context, ClusterView view)
    {
        var headers = context.Request.Headers;
        if (!context.Request.Path.StartsWithSegments(StorageRaftGate.RaftPath)
            || headers[StorageRaftGate.MessageTypeHeader] != InstallSnapshot
            || Answer(Read(headers[StorageRaftGate.TermHeader]), Read(headers[SnapshotIndexHeader]), Read(headers[SnapshotTermHeader]), view.Term, view.CommitIndex) is not { } answer)
        {
            await next(context);
            return;
        }

        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        logger.LogInformation(
            "The leader sent snapshot {Index} again; this member has committed through {Commit}: answered {Answer}, so the leader goes on after it.",
            headers[SnapshotIndexHeader].ToString(), view.CommitIndex, answer);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[StorageRaftGate.TermHeader] = view.Term.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>
    /// DotNext's result for a snapshot install this member holds already, or <see langword="null"/> when DotNext must
    /// decide: a snapshot beyond the commit index, a sender behind this member's term, or headers that do not parse.
    /// </summary>
    /// <param name="senderTerm">The leader's term.</param>
    /// <param name="snapshotIndex">The last index the snapshot holds.</param>
    /// <param name="snapshotTerm">The term of that entry.</param>
    /// <param name="term">This member's term.</param>
    /// <param name="commitIndex">This member's commit index.</param>
    public static string? Answer(long? senderTerm, long? snapshotIndex, long? snapshotTerm, long term, long commitIndex) =>
        senderTerm is { } sender && snapshotIndex is { } index && snapshotTerm is { } entryTerm && sender >= term && index <= commitIndex
            ? (sender == entryTerm ? "ReplicatedWithLeaderTerm" : "Replicated")
            : null;

    private static long? Read(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
