using CivicTrust.Contracts;

namespace CivicTrust.AppHost;

/// <summary>
/// The cluster's two secrets as Aspire secret parameters: the drill's issuer key and the members' cluster secret.
/// Generated for each run unless <c>Parameters:issuer-key</c> and <c>Parameters:cluster-secret</c> are configured
/// (user secrets, environment), and shown masked on the dashboard's Parameters.
/// </summary>
/// <param name="IssuerKey">The key of issuer <see cref="DrillIssuer.Name"/>.</param>
/// <param name="ClusterSecret">The secret every Raft message between members carries.</param>
public sealed record ClusterCredentials(IResourceBuilder<ParameterResource> IssuerKey, IResourceBuilder<ParameterResource> ClusterSecret)
{
    /// <summary>Parameter name of <see cref="IssuerKey"/>.</summary>
    public const string IssuerKeyName = "issuer-key";

    /// <summary>Parameter name of <see cref="ClusterSecret"/>.</summary>
    public const string ClusterSecretName = "cluster-secret";

    // Letters and digits only: the values travel in HTTP headers and environment variables, and 40 of them carry
    // more than 200 bits.
    private static readonly GenerateParameterDefault Random40 = new() { MinLength = 40, Special = false };

    /// <summary>Adds both parameters.</summary>
    public static ClusterCredentials Add(IDistributedApplicationBuilder builder) => new(
        builder.AddParameter(IssuerKeyName, Random40, secret: true),
        builder.AddParameter(ClusterSecretName, Random40, secret: true));

    /// <summary>What a member needs: the cluster secret, and only the hash of the drill's issuer key.</summary>
    public IResourceBuilder<ExecutableResource> GiveMember(IResourceBuilder<ExecutableResource> node)
    {
        var issuerKey = IssuerKey.Resource;
        return node.WithEnvironment("Security__ClusterSecret", ClusterSecret)
            .WithEnvironment("Security__IssuerKeys__0__Issuer", DrillIssuer.Name)
            .WithEnvironment(async context =>
                context.EnvironmentVariables["Security__IssuerKeys__0__KeySha256"] = IssuerKeyHash.Compute(
                    await issuerKey.GetValueAsync(context.CancellationToken) ?? throw new InvalidOperationException($"Parameter {IssuerKeyName} has no value.")));
    }

    /// <summary>What the drill runner needs: the issuer key itself.</summary>
    public IResourceBuilder<ProjectResource> GiveDrillRunner(IResourceBuilder<ProjectResource> runner) =>
        runner.WithEnvironment(DrillIssuer.ApiKeyVariable, IssuerKey);
}
