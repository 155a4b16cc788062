using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CivicTrust.Node.Api;

/// <summary>
/// A 503 problem with a <c>Retry-After</c> header: no leader to take the request now, or a member whose storage is not
/// intact. Its own type, so an endpoint's typed answer (and the OpenAPI document) says it may answer so.
/// </summary>
public sealed class RetryAfterResult(ProblemHttpResult inner, int seconds) : IResult, IEndpointMetadataProvider
{
    /// <summary>The problem it answers with.</summary>
    public ProblemHttpResult Problem => inner;

    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), ["application/problem+json"]));

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
