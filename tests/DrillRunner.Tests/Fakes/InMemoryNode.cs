using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Keys;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>One member of <see cref="InMemoryCluster"/>, speaking the node contract in memory.</summary>
public sealed class InMemoryNode(InMemoryCluster cluster, int index) : INodeClient
{
    public int Index => index;

    public bool Alive { get; set; } = true;

    /// <summary>Cut off from its peers (a partition): the drill still reaches it, but it sees no leader and no majority.</summary>
    public bool CutOff { get; set; }

    public Uri Endpoint { get; } = new($"http://127.0.0.1:{5101 + index}/");

    public string NodeId => $"node-{(char)('a' + index)}";

    public int Pid => 10_000 + index;

    /// <summary>Extra entries this node's log shows (to inject duplicates or divergence).</summary>
    public List<LogEntryResponse> InjectedLogEntries { get; } = [];

    /// <summary>Hashes this member's <c>/log</c> leaves out: a member that lost entries the shared registry still holds.</summary>
    public HashSet<string> LostHashes { get; } = new(StringComparer.Ordinal);

    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token)
    {
        EnsureAlive();
        var leader = cluster.LeaderIndex is { } l && !CutOff ? cluster.Nodes[l] : null;
        var stats = cluster.Registry.Statistics;
        return Task.FromResult(new ClusterStatusResponse(
            NodeId,
            leader == this ? ClusterRoleNames.Leader : leader is null ? ClusterRoleNames.Candidate : ClusterRoleNames.Follower,
            cluster.Term,
            leader?.Endpoint.ToString().TrimEnd('/'),
            Pid,
            stats.LastApplied,
            stats.LastApplied,
            stats.Documents,
            stats.DuplicatesSkipped,
            new SecurityStatusResponse(AnonymousWrites: false, ReadsRequireKey: false, RaftAuthenticated: true)));
    }

    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token)
    {
        EnsureAlive();
        if (!cluster.AcknowledgesWithoutQuorum && (cluster.LeaderIndex is null || !cluster.HasQuorum || CutOff))
        {
            return Task.FromResult(new NodeAnswer(HttpStatusCode.ServiceUnavailable, null, null));
        }

        var result = cluster.Apply(DocumentCommand.Issue(document.Hash, document.Issuer));
        var status = result.Outcome switch
        {
            ApplyOutcome.Issued => HttpStatusCode.Created,
            ApplyOutcome.DuplicateIssue => HttpStatusCode.OK,
            _ => HttpStatusCode.Conflict,
        };
        return Task.FromResult(Answer(status, result.Record!));
    }

    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token)
    {
        EnsureAlive();
        if (cluster.StuckPending.Contains(hash))
        {
            return Task.FromResult(new NodeAnswer(HttpStatusCode.OK, hash, DocumentStatusNames.Pending));
        }

        return Task.FromResult(cluster.Registry.Find(hash) is { } record
            ? Answer(HttpStatusCode.OK, record)
            : new NodeAnswer(HttpStatusCode.NotFound, hash, null));
    }

    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token)
    {
        EnsureAlive();
        if (cluster.StuckPending.Contains(hash) || cluster.LeaderIndex is null)
        {
            return Task.FromResult(new NodeAnswer(HttpStatusCode.ServiceUnavailable, null, null));
        }

        var result = cluster.Apply(DocumentCommand.Abort(hash));
        return Task.FromResult(Answer(result.Outcome == ApplyOutcome.AbortRefused ? HttpStatusCode.Conflict : HttpStatusCode.OK, result.Record!));
    }

    public INodeClient WithIssuerKey(DrillKey key) => new KeyedInMemoryNode(this, cluster, key);

    public Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token)
    {
        EnsureAlive();
        var log = cluster.Registry.ReadLog(0, int.MaxValue)
            .Where(e => !LostHashes.Contains(e.Hash))
            .Select(e => new LogEntryResponse(e.Index, e.Term, e.Hash, e.Kind == DocumentCommandKind.Issue ? LogEntryKindNames.Issue : LogEntryKindNames.Abort))
            .Concat(InjectedLogEntries)
            .ToList();
        return Task.FromResult<IReadOnlyList<LogEntryResponse>>(log);
    }

    /// <summary>Extra raw entries this node's raw log shows (to inject a second issue or a wrong effect).</summary>
    public List<RawLogEntryResponse> InjectedRawEntries { get; } = [];

    public Task<RawLogResponse> ReadRawLogAsync(CancellationToken token)
    {
        EnsureAlive();
        var page = cluster.Registry.ReadRawLog(0, int.MaxValue);
        var entries = page.Entries
            .Select(e => new RawLogEntryResponse(
                e.Index, e.Term, e.Hash,
                e.Kind == DocumentCommandKind.Issue ? LogEntryKindNames.Issue : LogEntryKindNames.Abort,
                e.Effect.ToString().ToLowerInvariant()))
            .Concat(InjectedRawEntries)
            .OrderBy(e => e.Index)
            .ToList();
        return Task.FromResult(new RawLogResponse(page.AvailableFrom, entries));
    }

    private static NodeAnswer Answer(HttpStatusCode status, DocumentRecord record) => new(
        status,
        record.Hash,
        record.Status == DocumentStatus.Committed ? DocumentStatusNames.Committed : DocumentStatusNames.Aborted,
        record.Index);

    /// <summary>Throws as an HTTP client does when the member is down.</summary>
    public void EnsureAlive()
    {
        if (!Alive)
        {
            throw new NodeUnreachableException(Endpoint, new HttpRequestException("Connection refused"));
        }
    }
}
