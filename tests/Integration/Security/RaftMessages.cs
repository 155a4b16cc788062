using System.Globalization;
using DotNext.Net.Cluster;
using Microsoft.AspNetCore.Connections;

namespace CivicTrust.Integration.Security;

/// <summary>Raft messages forged in DotNext's own wire format (its HTTP transport's headers): a vote request and an empty append.</summary>
internal static class RaftMessages
{
    /// <summary>Where DotNext's HTTP transport receives Raft messages.</summary>
    public const string RaftPath = "/cluster-consensus/raft";

    /// <summary>A vote request from <paramref name="sender"/> in <paramref name="term"/>, with <paramref name="secret"/> when not null.</summary>
    public static HttpRequestMessage Vote(Uri target, Uri sender, long term, string? secret) =>
        Message(target, sender, term, secret, "RequestVote",
            ("X-Raft-Record-Index", long.MaxValue), ("X-Raft-Record-Term", term));

    /// <summary>An empty append (a heartbeat) from <paramref name="sender"/> in <paramref name="term"/>.</summary>
    public static HttpRequestMessage Heartbeat(Uri target, Uri sender, long term, string? secret) =>
        Message(target, sender, term, secret, "AppendEntries",
            ("X-Raft-Preceding-Record-Index", 0), ("X-Raft-Preceding-Record-Term", 0), ("X-Raft-Commit-Index", 0), ("X-Raft-Entries-Count", 0));

    private static HttpRequestMessage Message(Uri target, Uri sender, long term, string? secret, string type, params (string Name, long Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, RaftPath));
        request.Headers.Add("X-Raft-Message-Type", type);
        request.Headers.Add("X-Raft-Node-ID", ClusterMemberId.FromEndPoint(new UriEndPoint(sender)).ToString());
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Raft-Term", term.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value.ToString(CultureInfo.InvariantCulture));
        }

        if (secret is not null)
        {
            request.Headers.Add("X-CivicTrust-Cluster-Secret", secret);
        }

        return request;
    }
}
