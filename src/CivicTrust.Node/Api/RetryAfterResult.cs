using System.Globalization;

namespace CivicTrust.Node.Api;

/// <summary>Adds a <c>Retry-After</c> header to another result.</summary>
public sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
