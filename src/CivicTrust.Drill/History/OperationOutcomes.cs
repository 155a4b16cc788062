using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill.History;

/// <summary>How a request ended, in the words of <c>history.jsonl</c>.</summary>
public static class OperationOutcomes
{
    /// <summary>A 2xx answer.</summary>
    public const string Ok = "ok";

    /// <summary>A final answer that is not a success (4xx, e.g. 409: the document was aborted).</summary>
    public const string Refused = "refused";

    /// <summary>503/502/504, or no connection: the node could not serve it now.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>No answer within the drill's request deadline.</summary>
    public const string Timeout = "timeout";

    /// <summary>Anything else (an answer outside the contract, a bug).</summary>
    public const string Error = "error";

    /// <summary>
    /// The drill itself gave up on the request (its own cancellation, e.g. the load stopping at the kill): it may
    /// still commit, so its outcome is unknown.
    /// </summary>
    public const string Cancelled = "cancelled";

    /// <summary>The outcome of an answered request.</summary>
    public static string Of(NodeAnswer answer) =>
        answer.IsSuccess ? Ok : answer.IsRetryable ? Unavailable : (int)answer.Status is >= 400 and < 500 ? Refused : Error;

    /// <summary>The outcome of a request that failed with <paramref name="error"/>.</summary>
    public static string Of(Exception error) => error switch
    {
        NodeUnreachableException { InnerException: OperationCanceledException } => Timeout,
        NodeUnreachableException => Unavailable,
        _ => Error,
    };
}
