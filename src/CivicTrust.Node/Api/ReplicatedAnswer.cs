using CivicTrust.Documents;
using CivicTrust.Node.Consensus;
using DotNext.Net.Cluster.Consensus.Raft;

namespace CivicTrust.Node.Api;

/// <summary>The leader's answer to a write: what applying its command did, or a 503 when the outcome is unknown.</summary>
public static class ReplicatedAnswer
{
    /// <summary>
    /// Replicates <paramref name="command"/> and answers with <paramref name="answer"/> of its result once it is applied,
    /// or with <paramref name="unavailable"/> when leadership moved or no commit came in time: the entry may still
    /// commit, so the client retries the same request, which the state machine makes harmless.
    /// </summary>
    public static async Task<TAnswer> AwaitAsync<TAnswer>(
        DocumentReplicator replicator, DocumentCommand command, Func<ApplyResult, TAnswer> answer, Func<RetryAfterResult, TAnswer> unavailable, CancellationToken token)
    {
        try
        {
            return answer(await replicator.ReplicateAsync(command, token));
        }
        catch (NotLeaderException)
        {
            return unavailable(Problems.Unavailable("Leadership moved before the entry committed; the outcome is unknown, retry the same request."));
        }
        catch (CommitTimeoutException e)
        {
            return unavailable(Problems.Unavailable(e.Message));
        }
    }
}
