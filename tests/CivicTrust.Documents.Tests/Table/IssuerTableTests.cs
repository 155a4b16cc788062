using CivicTrust.Documents.Table;

namespace CivicTrust.Documents.Tests.Table;

public sealed class IssuerTableTests
{
    [Fact]
    public void A_name_is_held_once_under_one_number_however_it_arrives()
    {
        var issuers = new IssuerTable();
        var city = issuers.Intern("city-hall");
        var registry = issuers.Intern("registry".AsSpan());

        Assert.Equal(city, issuers.Intern(new string("city-hall".ToCharArray())));
        Assert.Equal(registry, issuers.Intern("registry"));
        Assert.NotEqual(city, registry);
        Assert.Equal("registry", issuers.NameOf(registry));
        Assert.Equal(2, issuers.Count);
    }

    [Fact]
    public void Numbers_handed_out_before_a_growth_name_the_same_issuer_after_it()
    {
        var issuers = new IssuerTable();
        var numbers = Enumerable.Range(0, 100).Select(n => issuers.Intern($"issuer-{n}")).ToArray();

        Assert.Equal(Enumerable.Range(0, 100), numbers);
        Assert.All(numbers, n => Assert.Equal($"issuer-{n}", issuers.NameOf(n)));
    }
}
