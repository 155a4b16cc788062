using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Documents;

namespace CivicTrust.Node.Security;

/// <summary>
/// Reads and validates <see cref="SecurityOptions"/>. A node without issuer keys and a cluster secret refuses to
/// start unless it is told <c>Security:AllowAnonymous</c>: an open node must be a decision, never an accident.
/// </summary>
public static class SecurityConfiguration
{
    /// <summary>Binds the <c>Security</c> section.</summary>
    /// <exception cref="InvalidOperationException">A key is malformed, or security is missing without <c>AllowAnonymous</c>.</exception>
    public static SecurityOptions Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityOptions.SectionName);
        var allowAnonymous = Flag(section, nameof(SecurityOptions.AllowAnonymous));
        var secret = section[nameof(SecurityOptions.ClusterSecret)] is { Length: > 0 } configured ? configured : null;
        if (secret is { Length: < SecurityOptions.MinClusterSecretLength })
        {
            throw new InvalidOperationException(
                $"Security:ClusterSecret is {secret.Length} characters; use at least {SecurityOptions.MinClusterSecretLength} random ones (e.g. openssl rand -hex 32).");
        }

        var keys = section.GetSection(nameof(SecurityOptions.IssuerKeys)).GetChildren()
            .OrderBy(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .Select(ReadKey)
            .ToList();
        if (!allowAnonymous && (keys.Count == 0 || secret is null))
        {
            var missing = keys.Count == 0 && secret is null ? "no issuer keys and no cluster secret"
                : keys.Count == 0 ? "no issuer keys" : "no cluster secret";
            throw new InvalidOperationException(
                $"Security: {missing} configured. Give Security:IssuerKeys:0:Issuer and Security:IssuerKeys:0:KeySha256 " +
                "(the SHA-256 hex of a random key) and Security:ClusterSecret (the same on every member), or start with " +
                "--Security:AllowAnonymous true for a local experiment. See the README's API section.");
        }

        var admin = section[nameof(SecurityOptions.AdminKeySha256)] is { Length: > 0 } adminHash ? ReadHash(adminHash, AdminKey.ConfigurationKey) : null;
        if (admin is not null && keys.Any(k => k.KeySha256.AsSpan().SequenceEqual(admin)))
        {
            throw new InvalidOperationException($"{AdminKey.ConfigurationKey} is also an issuer key; the admin key must be a key of its own.");
        }

        return new SecurityOptions
        {
            AdminKeySha256 = admin,
            AllowAnonymous = allowAnonymous,
            RequireKeyForReads = Flag(section, nameof(SecurityOptions.RequireKeyForReads)),
            ClusterSecret = secret,
            IssuerKeys = keys,
        };
    }

    private static IssuerKey ReadKey(IConfigurationSection entry)
    {
        var where = $"Security:IssuerKeys:{entry.Key}";
        var issuer = entry["Issuer"];
        if (string.IsNullOrWhiteSpace(issuer) || issuer.Length > DocumentCommand.MaxIssuerLength)
        {
            throw new InvalidOperationException($"{where}:Issuer must name the issuer this key writes for (at most {DocumentCommand.MaxIssuerLength} characters).");
        }

        var hash = ReadHash(entry["KeySha256"], $"{where}:KeySha256");

        var permits = SecurityOptions.DefaultPermitsPerSecond;
        if (entry["PermitsPerSecond"] is { } configured
            && (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out permits) || permits < 1))
        {
            throw new InvalidOperationException($"{where}:PermitsPerSecond must be a positive integer, not '{configured}'.");
        }

        return new IssuerKey($"{issuer}#{entry.Key}", issuer, hash, permits);
    }

    private static byte[] ReadHash(string? hash, string where) =>
        hash is { Length: IssuerKeyHash.HexLength } && hash.All(Uri.IsHexDigit)
            ? Convert.FromHexString(hash)
            : throw new InvalidOperationException(
                $"{where} must be the {IssuerKeyHash.HexLength}-character hex SHA-256 of the key (printf %s \"$KEY\" | sha256sum), never the key itself.");

    private static bool Flag(IConfigurationSection section, string key) => section[key] switch
    {
        null or "" => false,
        { } value when bool.TryParse(value, out var flag) => flag,
        { } value => throw new InvalidOperationException($"Security:{key} must be true or false, not '{value}'."),
    };
}
