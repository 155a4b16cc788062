using CivicTrust.Documents.Table;

namespace CivicTrust.Documents.Tests.Table;

public sealed class DocumentKeyTests
{
    private const string Hash = "00ff10a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c";

    [Fact]
    public void A_key_spells_its_hash_in_lower_case_whichever_case_it_was_parsed_from()
    {
        Assert.Equal(Hash, DocumentKey.Parse(Hash.ToUpperInvariant()).ToString());
        Assert.Equal(DocumentKey.Parse(Hash), DocumentKey.Parse(Hash.ToUpperInvariant()));
    }

    [Fact]
    public void Keys_differ_when_any_byte_differs()
    {
        Assert.NotEqual(DocumentKey.Parse(Hash), DocumentKey.Parse(Hash[..^1] + "d"));
        Assert.NotEqual(DocumentKey.Parse(Hash), DocumentKey.Parse("1" + Hash[1..]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void What_is_not_a_hash_is_not_a_key(string hash) => Assert.False(DocumentKey.TryParse(hash, out _));

    [Fact]
    public void Keys_that_differ_only_in_their_last_bytes_spread_over_the_slots()
    {
        // Hashes spelt by hand differ in their last bytes only; if those bits never reached the mix's low bits (which
        // pick the slot), every such key would probe from one neighbourhood and the table would crawl.
        var slots = Enumerable.Range(0, 4096)
            .Select(n => DocumentKey.Parse(n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).Mix(seed: 12345) & 4095)
            .Distinct()
            .Count();

        Assert.True(slots > 2_000, $"4,096 keys landed in {slots} of 4,096 slots.");
    }
}
