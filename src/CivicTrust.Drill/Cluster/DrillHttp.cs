namespace CivicTrust.Drill.Cluster;

/// <summary>The HTTP client a drill reaches the members with.</summary>
public static class DrillHttp
{
    /// <summary>A client for one drill: refused connections fail fast, and each request carries its own deadline.</summary>
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        // Connection refused from a dead node must come back at once, not after the default connect timeout.
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = 256,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each request carries its own deadline (DrillOptions.RequestTimeout)
    };
}
