namespace CivicTrust.Contracts;

/// <summary>States of an <see cref="IssuerKeyResponse"/>.</summary>
public static class IssuerKeyStateNames
{
    /// <summary>The key may write for its issuer.</summary>
    public const string Active = "active";

    /// <summary>The key was revoked through the log; it never writes again.</summary>
    public const string Revoked = "revoked";
}
