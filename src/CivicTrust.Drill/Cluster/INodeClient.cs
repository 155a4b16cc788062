using CivicTrust.Contracts;
using CivicTrust.Drill.Keys;

namespace CivicTrust.Drill.Cluster;

/// <summary>One node, seen only through the CivicTrust HTTP contract.</summary>
public interface INodeClient
{
    /// <summary>The node's base URL.</summary>
    Uri Endpoint { get; }

    /// <summary><c>GET /cluster/status</c>.</summary>
    Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token);

    /// <summary><c>POST /documents</c> with a JSON body already in canonical form.</summary>
    Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token);

    /// <summary><c>GET /documents/{hash}</c>.</summary>
    Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token);

    /// <summary><c>POST /documents/{hash}/abort</c>.</summary>
    Task<NodeAnswer> AbortAsync(string hash, CancellationToken token);

    /// <summary>
    /// The same member, reached with <paramref name="key"/> as the issuer key instead of the drill's own: how the load
    /// writes with a run-time key, and how a revoked one is tried again.
    /// </summary>
    INodeClient WithIssuerKey(DrillKey key);

    /// <summary>The node's whole applied log (<c>GET /log</c>, every page).</summary>
    Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token);

    /// <summary>The node's whole raw log (<c>GET /log?raw=true</c>, every page): retries and refusals included.</summary>
    Task<RawLogResponse> ReadRawLogAsync(CancellationToken token);
}
