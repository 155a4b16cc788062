using CivicTrust.AppHost;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.Integration.Cluster;

/// <summary>The AppHost's <c>CivicTrust:ClusterSize</c>: three unless set, odd sizes up to seven, anything else refused with a message.</summary>
public sealed class ClusterSizeTests
{
    private static IConfiguration With(string? size) =>
        new ConfigurationBuilder().AddInMemoryCollection(size is null ? [] : [new(ClusterSize.ConfigurationKey, size)]).Build();

    [Theory]
    [InlineData(null, 3)]
    [InlineData("3", 3)]
    [InlineData("5", 5)]
    [InlineData("7", 7)]
    public void A_supported_size_names_that_many_members(string? setting, int members)
    {
        Assert.Equal(members, ClusterSize.Resolve(With(setting)));
        Assert.Equal([.. Enumerable.Range(0, members).Select(i => $"node-{(char)('a' + i)}")], ClusterSize.NodeNames(With(setting)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    [InlineData("9")]
    [InlineData("five")]
    [InlineData("-3")]
    public void Any_other_size_is_refused_naming_the_supported_ones(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterSize.Resolve(With(setting)));
        Assert.Contains($"'{setting}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("3, 5, 7", error.Message, StringComparison.Ordinal);
    }
}
