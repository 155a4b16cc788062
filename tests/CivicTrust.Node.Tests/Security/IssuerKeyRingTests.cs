using CivicTrust.Contracts;
using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class IssuerKeyRingTests
{
    private static IssuerKey Key(string id, string issuer, string key) => new(id, issuer, Convert.FromHexString(IssuerKeyHash.Compute(key)), 100);

    private static readonly IssuerKeyRing Ring = new(new SecurityOptions
    {
        IssuerKeys = [Key("city-hall#0", "city-hall", "old-key"), Key("city-hall#1", "city-hall", "new-key"), Key("registry#2", "registry", "registry-key")],
    });

    [Theory]
    [InlineData("old-key", "city-hall#0")]
    [InlineData("new-key", "city-hall#1")] // rotation: both keys of one issuer are valid at once
    [InlineData("registry-key", "registry#2")]
    public void A_configured_key_is_found_with_its_issuer(string presented, string id) =>
        Assert.Equal(id, Ring.Find(presented)?.Id);

    [Theory]
    [InlineData("old-key ")]
    [InlineData("OLD-KEY")]
    [InlineData("")]
    [InlineData("a3b1c7")]
    public void Anything_else_is_no_key(string presented) => Assert.Null(Ring.Find(presented));

    [Fact]
    public void The_hash_a_node_compares_is_the_contracts_hash_of_the_key() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IssuerKeyHash.Compute(string.Empty));
}
