using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CivicTrust.Node.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: finds the issuer key and makes its issuer the caller's identity. A request
/// without the header is anonymous (the endpoint's policy decides whether that is enough); a malformed header or an
/// unknown key fails. Challenges answer 401 with <c>WWW-Authenticate: Bearer</c> and a problem body, count the failure
/// and log it without the key.
/// </summary>
public sealed class IssuerKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, IssuerKeyRing keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "IssuerKey";

    private const string BearerPrefix = "Bearer ";
    private const string Missing = "missing", Malformed = "malformed", UnknownKey = "unknown_key";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (headers.Count > 1 || headers[0] is not { } header || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || header.AsSpan(BearerPrefix.Length).Trim().IsEmpty)
        {
            return Task.FromResult(AuthenticateResult.Fail(Malformed));
        }

        if (keys.Find(header[BearerPrefix.Length..].Trim()) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail(UnknownKey));
        }

        var identity = new ClaimsIdentity([new Claim(IssuerClaims.Issuer, key.Issuer), new Claim(IssuerClaims.KeyId, key.Id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? Missing;
        SecurityTelemetry.RecordRefusal(reason);
        Logger.LogWarning("Refused {Method} {Path} from {Remote}: {Reason} issuer key.",
            Request.Method, Request.Path, Context.Connection.RemoteIpAddress, reason.Replace('_', ' '));

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: a request without credentials gets the bare challenge; a bad one says why.
        Response.Headers.WWWAuthenticate = reason == Missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Issuer key required",
                Detail = reason switch
                {
                    Missing => "This endpoint needs an issuer key: send Authorization: Bearer <key>.",
                    Malformed => "The Authorization header is not 'Bearer <key>'.",
                    _ => "The issuer key is not valid on this cluster.",
                },
            },
        });
    }
}
