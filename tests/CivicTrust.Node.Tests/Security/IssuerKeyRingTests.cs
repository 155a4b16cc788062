using CivicTrust.Contracts;
using CivicTrust.Documents;
using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class IssuerKeyRingTests
{
    private static IssuerKey Key(string id, string issuer, string key) => new(id, issuer, Convert.FromHexString(IssuerKeyHash.Compute(key)), 100);

    private static readonly SecurityOptions Options = new()
    {
        IssuerKeys = [Key("city-hall#0", "city-hall", "old-key"), Key("city-hall#1", "city-hall", "new-key"), Key("registry#2", "registry", "registry-key")],
    };

    private static readonly IssuerKeyRing Ring = new(Options, new DocumentRegistry());

    [Theory]
    [InlineData("old-key", "city-hall#0")]
    [InlineData("new-key", "city-hall#1")] // rotation: both keys of one issuer are valid at once
    [InlineData("registry-key", "registry#2")]
    public void A_configured_key_is_found_with_its_issuer(string presented, string id) =>
        Assert.Equal(id, Ring.Find(presented)?.Key.Id);

    [Theory]
    [InlineData("old-key ")]
    [InlineData("OLD-KEY")]
    [InlineData("")]
    [InlineData("a3b1c7")]
    public void Anything_else_is_no_key(string presented) => Assert.Null(Ring.Find(presented));

    [Fact]
    public void The_hash_a_node_compares_is_the_contracts_hash_of_the_key() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IssuerKeyHash.Compute(string.Empty));

    [Fact]
    public void A_key_the_log_admitted_is_found_and_one_it_revoked_is_found_revoked_from_that_index()
    {
        var registry = new DocumentRegistry();
        var ring = new IssuerKeyRing(Options, registry);
        registry.Apply(7, 1, DocumentCommand.AddKey(IssuerKeyHash.Compute("admitted-key"), "city-hall"));
        registry.Apply(9, 1, DocumentCommand.RevokeKey(IssuerKeyHash.Compute("old-key"), "city-hall"));

        var admitted = ring.Find("admitted-key");
        Assert.Equal(("city-hall@7", "city-hall", false), (admitted?.Key.Id, admitted?.Key.Issuer, admitted?.IsRevoked));
        Assert.Equal(("city-hall#0", 9L), (ring.Find("old-key")?.Key.Id, ring.Find("old-key")?.RevokedIndex));
        Assert.False(ring.Find("new-key")?.IsRevoked); // the issuer's other key writes on

        registry.Apply(11, 1, DocumentCommand.RevokeKey(IssuerKeyHash.Compute("admitted-key"), "city-hall"));
        Assert.Equal(11, ring.Find("admitted-key")?.RevokedIndex);
    }
}
