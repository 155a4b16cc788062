using System.Security.Cryptography;
using System.Text;
using CivicTrust.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicTrust.Node.Security;

/// <summary>
/// Guards <c>/admin/issuer-keys</c> with the admin key: its own credential, never an issuer key, so a leaked issuer
/// key can neither admit a key nor revoke the keys that would replace it. 403 when the node has no admin key, 401 for
/// a missing or wrong one; every refusal counted and logged without the key.
/// </summary>
public sealed class AdminKeyFilter(SecurityOptions options, ILogger<AdminKeyFilter> logger) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (options.AdminKeySha256 is not { } expected)
        {
            return Refuse(http, "admin_disabled", StatusCodes.Status403Forbidden, "Run-time key changes are off",
                $"This node has no admin key ({AdminKey.ConfigurationKey}); issuer keys change only through its configuration.");
        }

        var headers = http.Request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } header || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(http, "admin_key_missing", StatusCodes.Status401Unauthorized, "Admin key required",
                "This endpoint needs the cluster's admin key: send Authorization: Bearer <admin key>.");
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()), hash);
        if (!CryptographicOperations.FixedTimeEquals(hash, expected))
        {
            return Refuse(http, "admin_key_wrong", StatusCodes.Status401Unauthorized, "Admin key required",
                "The key sent is not this cluster's admin key.");
        }

        return await next(context);
    }

    private ProblemHttpResult Refuse(HttpContext http, string reason, int status, string title, string detail)
    {
        SecurityTelemetry.RecordRefusal(reason);
        logger.LogWarning("Refused {Method} {Path} from {Remote}: {Reason}.", http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress, reason.Replace('_', ' '));
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return TypedResults.Problem(detail, statusCode: status, title: title);
    }
}
