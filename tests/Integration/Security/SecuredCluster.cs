using System.Net.Http.Headers;
using CivicTrust.Contracts;
using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Security;

/// <summary>
/// One standalone cluster for the security tests, with the script's drill key plus three more: a second key of the
/// drill's issuer (rotation), a key of another issuer, and a key limited to a few writes per second.
/// </summary>
public sealed class SecuredCluster : IAsyncLifetime
{
    /// <summary>Issuer of <see cref="OtherIssuerKey"/>.</summary>
    public const string OtherIssuer = "other-issuer";

    /// <summary>Write permits per second of <see cref="ThrottledKey"/>.</summary>
    public const int ThrottledPermits = 3;

    private LocalCluster? _cluster;

    /// <summary>A second valid key of <see cref="DrillIssuer.Name"/>, as during a rotation.</summary>
    public string RotatedKey { get; } = NewKey();

    /// <summary>A valid key of <see cref="OtherIssuer"/>.</summary>
    public string OtherIssuerKey { get; } = NewKey();

    /// <summary>A valid key of <see cref="DrillIssuer.Name"/> allowed <see cref="ThrottledPermits"/> writes per second.</summary>
    public string ThrottledKey { get; } = NewKey();

    /// <summary>The running cluster.</summary>
    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _cluster = await LocalCluster.StartAsync(start.Token, string.Join(' ',
            KeyArguments(1, DrillIssuer.Name, RotatedKey),
            KeyArguments(2, OtherIssuer, OtherIssuerKey),
            KeyArguments(3, DrillIssuer.Name, ThrottledKey),
            $"--Security:IssuerKeys:3:PermitsPerSecond {ThrottledPermits}"));
    }

    /// <summary>A client for <paramref name="node"/> of <paramref name="cluster"/> that sends <paramref name="authorization"/> (none when null).</summary>
    public static HttpClient Client(ScriptedCluster cluster, Uri node, string? authorization)
    {
        var client = cluster.NewHttpClient(TimeSpan.FromSeconds(10));
        client.BaseAddress = node;
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return client;
    }

    /// <summary>The <c>Authorization</c> value for <paramref name="key"/>.</summary>
    public static string Bearer(string key) => new AuthenticationHeaderValue("Bearer", key).ToString();

    private static string KeyArguments(int index, string issuer, string key) =>
        $"--Security:IssuerKeys:{index}:Issuer {issuer} --Security:IssuerKeys:{index}:KeySha256 {IssuerKeyHash.Compute(key)}";

    private static string NewKey() => Guid.NewGuid().ToString("n") + Guid.NewGuid().ToString("n");

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
