using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CivicTrust.Node.Security;

/// <summary>
/// Per-key rate limit of the write endpoints: a token bucket per issuer key (per client address for anonymous
/// writes), refilled every second. Past it: 429 with <c>Retry-After</c>, and nothing is written.
/// </summary>
public static class WriteRateLimit
{
    /// <summary>The policy name the write endpoints use.</summary>
    public const string Policy = "issuer-writes";

    /// <summary>Registers the policy.</summary>
    public static IServiceCollection AddWriteRateLimit(this IServiceCollection services, SecurityOptions options)
    {
        var permitsByKey = options.IssuerKeys.ToDictionary(key => key.Id, key => key.PermitsPerSecond, StringComparer.Ordinal);
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var keyId = IssuerClaims.KeyIdOf(context.User);
                var permits = keyId is not null && permitsByKey.TryGetValue(keyId, out var configured) ? configured : SecurityOptions.DefaultPermitsPerSecond;
                return RateLimitPartition.GetTokenBucketLimiter(keyId ?? "anonymous@" + context.Connection.RemoteIpAddress, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken token)
    {
        var context = rejected.HttpContext;
        var keyId = IssuerClaims.KeyIdOf(context.User) ?? "anonymous";
        SecurityTelemetry.RecordRefusal("rate_limited");
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WriteRateLimit))
            .LogWarning("Rate limit: refused {Method} {Path} for key {KeyId}.", context.Request.Method, context.Request.Path, keyId);

        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Rate limit exceeded",
                Detail = $"Key {keyId} is over its write rate limit; nothing was written. Retry after {seconds} s.",
            },
        });
    }
}
