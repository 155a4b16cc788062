using CivicTrust.Contracts;
using CivicTrust.Node.Security;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.Node.Tests.Security;

public sealed class SecurityConfigurationTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly string KeyHash = IssuerKeyHash.Compute("key-of-city-hall");

    private static ConfigurationManager Config(params (string Key, string Value)[] values) => TestConfiguration.Of(values);

    [Fact]
    public void A_node_with_nothing_configured_refuses_to_start_and_says_how_to_fix_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SecurityConfiguration.Bind(Config()));

        Assert.Contains("no issuer keys and no cluster secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "no cluster secret")]
    [InlineData(false, true, "no issuer keys")]
    public void Keys_without_a_secret_or_a_secret_without_keys_is_not_enough(bool withKey, bool withSecret, string missing)
    {
        var values = new List<(string, string)>();
        if (withKey)
        {
            values.AddRange([("Security:IssuerKeys:0:Issuer", "city-hall"), ("Security:IssuerKeys:0:KeySha256", KeyHash)]);
        }

        if (withSecret)
        {
            values.Add(("Security:ClusterSecret", Secret));
        }

        var error = Assert.Throws<InvalidOperationException>(() => SecurityConfiguration.Bind(Config([.. values])));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_anonymous_lets_an_unconfigured_node_start_open()
    {
        var options = SecurityConfiguration.Bind(Config(("Security:AllowAnonymous", "true")));

        Assert.True(options.AllowAnonymous);
        Assert.Null(options.ClusterSecret);
        Assert.Empty(options.IssuerKeys);
    }

    [Fact]
    public void Keys_bind_in_order_with_their_issuer_hash_and_limit()
    {
        var options = SecurityConfiguration.Bind(Config(
            ("Security:ClusterSecret", Secret),
            ("Security:IssuerKeys:1:Issuer", "city-hall"), ("Security:IssuerKeys:1:KeySha256", IssuerKeyHash.Compute("rotated")),
            ("Security:IssuerKeys:0:Issuer", "city-hall"), ("Security:IssuerKeys:0:KeySha256", KeyHash.ToUpperInvariant()),
            ("Security:IssuerKeys:0:PermitsPerSecond", "5")));

        Assert.Equal(["city-hall#0", "city-hall#1"], options.IssuerKeys.Select(k => k.Id));
        Assert.Equal(Convert.FromHexString(KeyHash), options.IssuerKeys[0].KeySha256);
        Assert.Equal(5, options.IssuerKeys[0].PermitsPerSecond);
        Assert.Equal(SecurityOptions.DefaultPermitsPerSecond, options.IssuerKeys[1].PermitsPerSecond);
        Assert.False(options.AllowAnonymous);
    }

    [Theory]
    [InlineData("Security:IssuerKeys:0:KeySha256", "key-of-city-hall", "KeySha256")] // the key itself, not its hash
    [InlineData("Security:IssuerKeys:0:PermitsPerSecond", "0", "PermitsPerSecond")]
    [InlineData("Security:IssuerKeys:0:Issuer", " ", "Issuer")]
    [InlineData("Security:ClusterSecret", "short", "ClusterSecret")]
    [InlineData("Security:RequireKeyForReads", "yes", "RequireKeyForReads")]
    public void A_malformed_setting_is_named_in_the_error(string key, string value, string named)
    {
        var values = new Dictionary<string, string>
        {
            ["Security:ClusterSecret"] = Secret,
            ["Security:IssuerKeys:0:Issuer"] = "city-hall",
            ["Security:IssuerKeys:0:KeySha256"] = KeyHash,
            [key] = value,
        };

        var error = Assert.Throws<InvalidOperationException>(() => SecurityConfiguration.Bind(Config([.. values.Select(kv => (kv.Key, kv.Value))])));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key-of-city-hall", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_key_binds_as_its_hash_and_is_off_when_absent()
    {
        (string, string)[] secured = [("Security:ClusterSecret", Secret), ("Security:IssuerKeys:0:Issuer", "city-hall"), ("Security:IssuerKeys:0:KeySha256", KeyHash)];

        Assert.Null(SecurityConfiguration.Bind(Config(secured)).AdminKeySha256);
        var options = SecurityConfiguration.Bind(Config([.. secured, (AdminKey.ConfigurationKey, IssuerKeyHash.Compute("admin"))]));
        Assert.Equal(Convert.FromHexString(IssuerKeyHash.Compute("admin")), options.AdminKeySha256);
    }

    [Theory]
    [InlineData("admin")] // the key itself, not its hash
    [InlineData("key-of-city-hall")] // an issuer key's hash (substituted below): the admin key must be its own
    public void An_admin_key_that_is_not_a_hash_or_is_an_issuer_key_stops_the_node(string admin)
    {
        var value = admin == "key-of-city-hall" ? KeyHash : admin;
        var error = Assert.Throws<InvalidOperationException>(() => SecurityConfiguration.Bind(Config(
            ("Security:ClusterSecret", Secret), ("Security:IssuerKeys:0:Issuer", "city-hall"), ("Security:IssuerKeys:0:KeySha256", KeyHash),
            (AdminKey.ConfigurationKey, value))));

        Assert.Contains(AdminKey.ConfigurationKey, error.Message, StringComparison.Ordinal);
    }
}
