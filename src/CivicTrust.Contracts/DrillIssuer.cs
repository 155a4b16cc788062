namespace CivicTrust.Contracts;

/// <summary>The issuer the drill writes its documents as: a cluster that requires keys gives the drill a key of this issuer.</summary>
public static class DrillIssuer
{
    /// <summary>The issuer's name.</summary>
    public const string Name = "civictrust-drill";

    /// <summary>Environment variable the drill runner reads that key from (the AppHost sets it).</summary>
    public const string ApiKeyVariable = "CIVICTRUST_API_KEY";
}
