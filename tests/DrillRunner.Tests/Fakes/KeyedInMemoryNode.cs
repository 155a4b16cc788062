using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>
/// An <see cref="InMemoryNode"/> reached with a run-time issuer key: its writes are refused 401 unless the cluster takes
/// the key (admitted and not revoked), as a node refuses a key it knows to be revoked; everything else is the member's.
/// </summary>
public sealed class KeyedInMemoryNode(InMemoryNode node, InMemoryCluster cluster, DrillKey sent) : INodeClient
{
    public Uri Endpoint => node.Endpoint;

    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) => node.GetStatusAsync(token);

    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token) =>
        Refused() is { } refused ? refused : node.IssueAsync(document, token);

    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) => node.GetDocumentAsync(hash, token);

    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) =>
        Refused() is { } refused ? refused : node.AbortAsync(hash, token);

    public INodeClient WithIssuerKey(DrillKey key) => new KeyedInMemoryNode(node, cluster, key);

    public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token) => node.ReadLogAsync(token);

    public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token) => node.ReadRawLogAsync(token);

    private Task<NodeAnswer>? Refused()
    {
        node.EnsureAlive();
        return cluster.IssuerKeys.Accepts(sent.Sha256) ? null : Task.FromResult(new NodeAnswer(HttpStatusCode.Unauthorized, null, null));
    }
}
