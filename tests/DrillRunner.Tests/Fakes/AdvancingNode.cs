using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;
using Microsoft.Extensions.Time.Testing;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>A node whose document operations take <paramref name="latency"/> of fake time, so latencies are exact.</summary>
public sealed class AdvancingNode(INodeClient inner, FakeTimeProvider time, TimeSpan latency) : INodeClient
{
    public Uri Endpoint => inner.Endpoint;

    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) => inner.GetStatusAsync(token);

    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token) => After(inner.IssueAsync(document, token));

    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) => After(inner.GetDocumentAsync(hash, token));

    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) => After(inner.AbortAsync(hash, token));

    public INodeClient WithIssuerKey(DrillKey key) => new AdvancingNode(inner.WithIssuerKey(key), time, latency);

    public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token) => inner.ReadLogAsync(token);

    public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token) => inner.ReadRawLogAsync(token);

    private async Task<NodeAnswer> After(Task<NodeAnswer> call)
    {
        var answer = await call;
        time.Advance(latency);
        return answer;
    }
}
