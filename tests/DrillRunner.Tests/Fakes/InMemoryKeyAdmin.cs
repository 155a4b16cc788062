using System.Net;
using CivicTrust.Contracts;
using CivicTrust.Drill.Keys;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>
/// <see cref="IIssuerKeyAdmin"/> over <see cref="InMemoryCluster"/>: a member that is down does not answer, one without
/// a leader and a majority answers 503 to admissions and revocations, and every member lists the cluster's keys.
/// </summary>
public sealed class InMemoryKeyAdmin(InMemoryCluster cluster) : IIssuerKeyAdmin
{
    private int _requests;

    /// <summary>Admissions and revocations asked for, answered or not.</summary>
    public int Requests => _requests;

    /// <summary>Members (by index) that answer every admin request 401, as a member with another admin key would.</summary>
    public HashSet<int> RefusingMembers { get; } = [];

    public string Description => "in-memory key admin";

    public Task<AdminAnswer<IssuerKeyResponse>> AddAsync(Uri member, AddIssuerKeyRequest request, CancellationToken token) =>
        Task.FromResult(Write(member, () => cluster.IssuerKeys.Admit(request.Issuer, request.KeySha256)));

    public Task<AdminAnswer<IssuerKeyResponse>> RevokeAsync(Uri member, string keySha256, CancellationToken token) =>
        Task.FromResult(Write(member, () => cluster.IssuerKeys.Revoke(keySha256)));

    public Task<AdminAnswer<IssuerKeyListResponse>> ListAsync(Uri member, CancellationToken token)
    {
        var node = Reach(member);
        return Task.FromResult(RefusingMembers.Contains(node.Index)
            ? new AdminAnswer<IssuerKeyListResponse>(HttpStatusCode.Unauthorized, null, "Admin key refused")
            : new AdminAnswer<IssuerKeyListResponse>(HttpStatusCode.OK,
                new IssuerKeyListResponse(node.NodeId, cluster.Registry.Statistics.LastApplied, cluster.IssuerKeys.All)));
    }

    private AdminAnswer<IssuerKeyResponse> Write(Uri member, Func<(HttpStatusCode Status, IssuerKeyResponse? Key)> write)
    {
        Interlocked.Increment(ref _requests);
        var node = Reach(member);
        if (RefusingMembers.Contains(node.Index))
        {
            return new(HttpStatusCode.Unauthorized, null, "Admin key refused");
        }

        if (cluster.LeaderIndex is null || !cluster.HasQuorum || node.CutOff)
        {
            return new(HttpStatusCode.ServiceUnavailable, null, "No leader", TimeSpan.FromMilliseconds(10));
        }

        var (status, key) = write();
        return new(status, key);
    }

    private InMemoryNode Reach(Uri member)
    {
        var node = cluster.Nodes.First(n => n.Endpoint == member);
        node.EnsureAlive();
        return node;
    }
}
