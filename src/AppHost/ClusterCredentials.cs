using CivicTrust.Contracts;

namespace CivicTrust.AppHost;

/// <summary>
/// The cluster's secrets as Aspire secret parameters: the drill's issuer key, the members' cluster secret and the admin
/// key of run-time key changes. Generated for each run unless <c>Parameters:issuer-key</c>, <c>Parameters:cluster-secret</c>
/// and <c>Parameters:admin-key</c> are configured (user secrets, environment), and shown masked on the dashboard's Parameters.
/// </summary>
/// <param name="IssuerKey">The key of issuer <see cref="DrillIssuer.Name"/>.</param>
/// <param name="ClusterSecret">The secret every Raft message between members carries.</param>
/// <param name="AdminKey">The key of <c>/admin/issuer-keys</c>.</param>
public sealed record ClusterCredentials(
    IResourceBuilder<ParameterResource> IssuerKey, IResourceBuilder<ParameterResource> ClusterSecret, IResourceBuilder<ParameterResource> AdminKey)
{
    /// <summary>Parameter name of <see cref="IssuerKey"/>.</summary>
    public const string IssuerKeyName = "issuer-key";

    /// <summary>Parameter name of <see cref="ClusterSecret"/>.</summary>
    public const string ClusterSecretName = "cluster-secret";

    /// <summary>Parameter name of <see cref="AdminKey"/>.</summary>
    public const string AdminKeyName = "admin-key";

    // Letters and digits only: the values travel in HTTP headers and environment variables, and 40 of them carry
    // more than 200 bits.
    private static readonly GenerateParameterDefault Random40 = new() { MinLength = 40, Special = false };

    /// <summary>Adds the parameters.</summary>
    public static ClusterCredentials Add(IDistributedApplicationBuilder builder) => new(
        builder.AddParameter(IssuerKeyName, Random40, secret: true),
        builder.AddParameter(ClusterSecretName, Random40, secret: true),
        builder.AddParameter(AdminKeyName, Random40, secret: true));

    /// <summary>What a member needs: the cluster secret, and only the hashes of the drill's issuer key and of the admin key.</summary>
    public IResourceBuilder<ExecutableResource> GiveMember(IResourceBuilder<ExecutableResource> node) =>
        node.WithEnvironment("Security__ClusterSecret", ClusterSecret)
            .WithEnvironment("Security__IssuerKeys__0__Issuer", DrillIssuer.Name)
            .WithEnvironment(async context =>
            {
                context.EnvironmentVariables["Security__IssuerKeys__0__KeySha256"] = await HashOfAsync(IssuerKey, context.CancellationToken);
                context.EnvironmentVariables["Security__AdminKeySha256"] = await HashOfAsync(AdminKey, context.CancellationToken);
            });

    /// <summary>What the drill runner needs: the issuer key and the admin key themselves.</summary>
    public IResourceBuilder<ProjectResource> GiveDrillRunner(IResourceBuilder<ProjectResource> runner) =>
        runner.WithEnvironment(DrillIssuer.ApiKeyVariable, IssuerKey).WithEnvironment(Contracts.AdminKey.Variable, AdminKey);

    private static async Task<string> HashOfAsync(IResourceBuilder<ParameterResource> parameter, CancellationToken token) =>
        IssuerKeyHash.Compute(await parameter.Resource.GetValueAsync(token) ?? throw new InvalidOperationException($"Parameter {parameter.Resource.Name} has no value."));
}
