namespace CivicTrust.Contracts;

/// <summary>
/// The credential of <c>/admin/issuer-keys</c>: a key of its own, never an issuer key, sent as
/// <c>Authorization: Bearer &lt;key&gt;</c>. A node holds only its hash (<see cref="ConfigurationKey"/>); a node without
/// one refuses every admin request.
/// </summary>
public static class AdminKey
{
    /// <summary>The node's setting: the admin key's <see cref="IssuerKeyHash"/> form.</summary>
    public const string ConfigurationKey = "Security:AdminKeySha256";

    /// <summary>Environment variable the drill runner reads the admin key from (the AppHost and the scripts set it).</summary>
    public const string Variable = "CIVICTRUST_ADMIN_KEY";
}
