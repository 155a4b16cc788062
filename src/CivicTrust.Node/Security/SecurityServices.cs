using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CivicTrust.Node.Security;

/// <summary>Wires issuer keys, the cluster secret and the write rate limit into the node.</summary>
public static class SecurityServices
{
    /// <summary>Authorization policy of the write endpoints (and of reads when <see cref="SecurityOptions.RequireKeyForReads"/>).</summary>
    public const string IssuerKeyPolicy = "issuer-key";

    /// <summary>Registers the options, the key ring, the Bearer scheme, the policy and the rate limit.</summary>
    public static IServiceCollection AddCivicTrustSecurity(this IServiceCollection services, SecurityOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IssuerKeyRing>();
        services.AddAuthentication(IssuerKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, IssuerKeyAuthentication>(IssuerKeyAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(IssuerKeyPolicy, policy => policy.RequireAssertion(context => IsAllowed(context, options)));
        return services.AddWriteRateLimit(options);
    }

    // A valid key is always enough. Without one, only a node told AllowAnonymous lets the request through, and only
    // when it carries no Authorization header at all: a wrong key is refused even there, so a misconfigured client
    // finds out on its first request instead of writing anonymously.
    private static bool IsAllowed(AuthorizationHandlerContext context, SecurityOptions options) =>
        context.User.Identity?.IsAuthenticated == true
        || (options.AllowAnonymous && context.Resource is HttpContext http && http.Request.Headers.Authorization.Count == 0);

    /// <summary>Logs, once at start, every way this node is open, so nobody runs an open node by accident.</summary>
    public static void WarnWhenOpen(this SecurityOptions options, ILogger logger)
    {
        if (options.AllowAnonymous)
        {
            logger.LogWarning("SECURITY: Security:AllowAnonymous is true. Anyone who can reach this node may issue and abort documents. For local experiments only.");
        }

        if (options.ClusterSecret is null)
        {
            logger.LogWarning("SECURITY: no Security:ClusterSecret. Anyone who can reach this node can send it Raft messages as a member.");
        }
    }
}
