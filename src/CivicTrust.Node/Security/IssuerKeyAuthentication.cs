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

    /// <summary>The title of every refusal of a revoked key, here and when a write reaches the log after the revocation.</summary>
    public const string RevokedTitle = "Issuer key revoked";

    private const string RevokedIndexItem = "civictrust:revoked-index";

    private const string BearerPrefix = "Bearer ";
    private const string Missing = "missing", Malformed = "malformed", UnknownKey = "unknown_key", RevokedKey = "revoked_key";

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

        if (keys.Find(header[BearerPrefix.Length..].Trim()) is not { } match)
        {
            return Task.FromResult(AuthenticateResult.Fail(UnknownKey));
        }

        if (match.IsRevoked)
        {
            Context.Items[RevokedIndexItem] = match.RevokedIndex;
            return Task.FromResult(AuthenticateResult.Fail(RevokedKey));
        }

        var key = match.Key;
        var identity = new ClaimsIdentity(
            [
                new Claim(IssuerClaims.Issuer, key.Issuer),
                new Claim(IssuerClaims.KeyId, key.Id),
                new Claim(IssuerClaims.WriteId, key.WriteId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SchemeName);
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

        var revokedAt = Context.Items[RevokedIndexItem] as long?;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: a request without credentials gets the bare challenge; a bad one says why.
        Response.Headers.WWWAuthenticate = reason == Missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = reason == RevokedKey ? RevokedTitle : "Issuer key required",
                Detail = reason switch
                {
                    Missing => "This endpoint needs an issuer key: send Authorization: Bearer <key>.",
                    Malformed => "The Authorization header is not 'Bearer <key>'.",
                    RevokedKey => $"This issuer key was revoked at log index {revokedAt}; it writes nothing any more. Nothing was written.",
                    _ => "The issuer key is not valid on this cluster.",
                },
            },
        });
    }
}
