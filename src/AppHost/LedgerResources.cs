namespace CivicTrust.AppHost;

/// <summary>Adds the drill's ledger: Redis in a container where one can run, an embedded RESP server elsewhere.</summary>
public static class LedgerResources
{
    /// <summary>Configuration key choosing <see cref="LedgerMode"/>.</summary>
    public const string ModeKey = "Ledger:Mode";

    /// <summary>Adds the ledger in the configured mode.</summary>
    /// <exception cref="InvalidOperationException"><c>Ledger:Mode</c> is not a known mode.</exception>
    public static Ledger AddLedger(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey] ?? nameof(LedgerMode.Auto);
        if (!Enum.TryParse<LedgerMode>(configured, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new InvalidOperationException($"{ModeKey} must be auto, container or embedded, not '{configured}'.");
        }

        // Without a runtime, a container resource fails the whole app under the testing builder and blocks every
        // WaitFor under `dotnet run` (docs/platform.md), so "auto" asks the runtime before modelling anything.
        if (mode == LedgerMode.Auto)
        {
            mode = ContainerRuntimeProbe.IsAvailable() ? LedgerMode.Container : LedgerMode.Embedded;
        }

        if (mode == LedgerMode.Container)
        {
            var redis = builder.AddRedis(Ledger.Name);
            return new Ledger(redis, redis.Resource.ConnectionStringExpression);
        }

        var embedded = builder.AddProject<Projects.CivicTrust_Ledger>(Ledger.Name)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "LEDGER_PORT", isProxied: false);
        var endpoint = embedded.GetEndpoint("tcp");
        return new Ledger(embedded, ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}"));
    }

    /// <summary>Gives <paramref name="consumer"/> <c>ConnectionStrings__ledger</c> and starts it after the ledger.</summary>
    public static IResourceBuilder<T> WithLedger<T>(this IResourceBuilder<T> consumer, Ledger ledger)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        consumer.WithEnvironment($"ConnectionStrings__{Ledger.Name}", ledger.ConnectionString).WaitFor(ledger.Resource);
}
