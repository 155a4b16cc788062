using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicTrust.Node.Security;

/// <summary>The issuer half of authorization: a key writes for its own issuer only.</summary>
public static class IssuerGuard
{
    /// <summary>
    /// A 403 problem when the caller's key belongs to another issuer than <paramref name="documentIssuer"/>;
    /// <see langword="null"/> when the caller may go on (its own issuer, or an anonymous caller on a node that allows one).
    /// </summary>
    public static ProblemHttpResult? Refuse(HttpContext context, string documentIssuer, string action)
    {
        if (IssuerClaims.IssuerOf(context.User) is not { } keyIssuer || string.Equals(keyIssuer, documentIssuer, StringComparison.Ordinal))
        {
            return null;
        }

        SecurityTelemetry.RecordRefusal("wrong_issuer");
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IssuerGuard))
            .LogWarning("Refused to {Action} for issuer {DocumentIssuer} with key {KeyId} of issuer {KeyIssuer}.",
                action, documentIssuer, IssuerClaims.KeyIdOf(context.User), keyIssuer);
        return TypedResults.Problem(
            $"This key writes for issuer '{keyIssuer}'; it may not {action} for issuer '{documentIssuer}'. Nothing was written.",
            statusCode: StatusCodes.Status403Forbidden, title: "Wrong issuer");
    }
}
