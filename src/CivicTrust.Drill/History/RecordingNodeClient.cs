using System.Diagnostics;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;
using CivicTrust.Drill.Telemetry;

namespace CivicTrust.Drill.History;

/// <summary>
/// An <see cref="INodeClient"/> that notes every issue, read and abort it passes on in a <see cref="DrillHistory"/>.
/// Status and log reads are not noted: they are the drill observing, polled every few milliseconds, not operations
/// on documents. It also samples which requests join the drill's trace (see <see cref="Traced"/>). Each operation names
/// the run-time issuer key it carried, if any (<paramref name="key"/>, by its hash).
/// </summary>
public sealed class RecordingNodeClient(INodeClient inner, DrillHistory history, TimeProvider time, DrillKey? key = null) : INodeClient
{
    /// <inheritdoc/>
    public Uri Endpoint => inner.Endpoint;

    /// <inheritdoc/>
    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) => Untraced(() => inner.GetStatusAsync(token));

    /// <inheritdoc/>
    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token)
    {
        history.Remember(document);
        return RecordAsync(OperationKinds.Issue, document.Hash, () => inner.IssueAsync(document, token));
    }

    /// <inheritdoc/>
    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) =>
        RecordAsync(OperationKinds.Read, hash, () => inner.GetDocumentAsync(hash, token));

    /// <inheritdoc/>
    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) =>
        RecordAsync(OperationKinds.Abort, hash, () => inner.AbortAsync(hash, token));

    /// <inheritdoc/>
    public INodeClient WithIssuerKey(DrillKey key) => new RecordingNodeClient(inner.WithIssuerKey(key), history, time, key);

    /// <inheritdoc/>
    public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token) => inner.ReadLogAsync(token);

    /// <inheritdoc/>
    public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token) => inner.ReadRawLogAsync(token);

    /// <summary>
    /// Whether a request joins the drill's trace: every read, abort and retry (the requests around a fault), and the
    /// first attempt of about one document in sixteen (hashes starting with 0). A trace with every request and
    /// every 5 ms status poll would be thousands of spans the dashboard cannot show.
    /// </summary>
    public static bool Traced(string op, string hash, int attempt) => op != OperationKinds.Issue || attempt > 1 || hash.StartsWith('0');

    // Clearing the current activity inside this async method keeps the request out of the drill's trace without
    // touching the caller's (the HTTP instrumentation may still trace it on its own, as a separate trace).
    private static async Task<T> Untraced<T>(Func<Task<T>> call)
    {
        Activity.Current = null;
        return await call();
    }

    private async Task<NodeAnswer> RecordAsync(string op, string hash, Func<Task<NodeAnswer>> call)
    {
        var attempt = history.NextAttempt(op, hash);
        if (!Traced(op, hash, attempt))
        {
            Activity.Current = null;
        }

        var start = time.GetUtcNow().ToUnixTimeMilliseconds();
        var startSeq = history.Stamp();
        try
        {
            var answer = await call();
            Record(new DrillOperation(op, Endpoint.ToString(), hash, attempt, start, time.GetUtcNow().ToUnixTimeMilliseconds(),
                OperationOutcomes.Of(answer), (int)answer.Status, answer.DocumentStatus, startSeq, history.Stamp(), answer.Index, key?.Sha256));
            return answer;
        }
        catch (Exception e)
        {
            // A request the drill cancelled is kept too: it may have reached the leader and committed.
            var outcome = e is OperationCanceledException ? OperationOutcomes.Cancelled : OperationOutcomes.Of(e);
            Record(new DrillOperation(op, Endpoint.ToString(), hash, attempt, start, time.GetUtcNow().ToUnixTimeMilliseconds(), outcome, null, null, startSeq, history.Stamp(),
                Key: key?.Sha256));
            throw;
        }
    }

    // The history keeps every operation for the report; the metrics show the same stream live.
    private void Record(DrillOperation operation)
    {
        history.Record(operation);
        DrillMetrics.Record(operation.Op, operation.Outcome, operation.EndMs - operation.StartMs);
    }
}
