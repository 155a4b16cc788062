namespace CivicTrust.Integration.Cluster;

/// <summary>One running cluster shared by the tests of a class that do not crash nodes (start-up costs ~20 s).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private CivicTrustApp? _app;

    /// <summary>The running app.</summary>
    public CivicTrustApp App => _app ?? throw new InvalidOperationException("The cluster has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _app = await CivicTrustApp.StartAsync(timeout.Token);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
