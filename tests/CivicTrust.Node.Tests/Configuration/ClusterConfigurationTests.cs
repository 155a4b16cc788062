using CivicTrust.Node.Configuration;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.Node.Tests.Configuration;

public sealed class ClusterConfigurationTests
{
    private const string Members = "http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103";

    private static ConfigurationManager Config(params (string Key, string Value)[] values) => TestConfiguration.Of(values);

    [Fact]
    public void The_readme_command_line_binds_and_fills_dotnexts_keys()
    {
        var configuration = Config(("urls", "http://127.0.0.1:5102"), ("Cluster:Members", Members), ("Cluster:DataDir", "/tmp/b"));

        var options = ClusterConfiguration.Bind(configuration);

        Assert.Equal(new Uri("http://127.0.0.1:5102/"), options.PublicUrl);
        Assert.Equal(3, options.Members.Count);
        Assert.Equal("127.0.0.1:5102", options.NodeId);
        Assert.Equal("/tmp/b", options.DataDir);
        Assert.Equal("http://127.0.0.1:5102/", configuration["Cluster:publicEndPoint"]);
        Assert.Equal("false", configuration["Cluster:coldStart"]);
        Assert.Equal("100", configuration["Cluster:lowerElectionTimeout"]);
        Assert.Equal("200", configuration["Cluster:upperElectionTimeout"]);
        Assert.Equal(TimeSpan.FromMilliseconds(75), options.RaftDeadlines.Election);
    }

    [Theory]
    [InlineData(100, 75)]
    [InlineData(150, 75)]
    [InlineData(300, 150)]
    [InlineData(50, 37)]
    public void Votes_get_a_deadline_below_the_lower_election_timeout_and_not_under_75_ms_when_it_allows(int lowerElectionTimeout, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ClusterConfiguration.VoteDeadline(lowerElectionTimeout));
    }

    [Fact]
    public void Explicit_raft_settings_are_kept()
    {
        var configuration = Config(("Cluster:PublicUrl", "http://127.0.0.1:5101"), ("Cluster:Members", Members), ("Cluster:DataDir", "/tmp/a"),
            ("Cluster:lowerElectionTimeout", "120"), ("Cluster:NodeId", "node-a"), ("Cluster:SnapshotInterval", "50"));

        var options = ClusterConfiguration.Bind(configuration);

        Assert.Equal("120", configuration["Cluster:lowerElectionTimeout"]);
        Assert.Equal("node-a", options.NodeId);
        Assert.Equal(50, options.SnapshotInterval);
    }

    [Theory]
    [InlineData(null, Members, "/tmp/x", "Cluster:PublicUrl")]
    [InlineData("http://127.0.0.1:5109", Members, "/tmp/x", "is not one of Cluster:Members")]
    [InlineData("http://127.0.0.1:5101", null, "/tmp/x", "Cluster:Members is required")]
    [InlineData("http://127.0.0.1:5101", "http://127.0.0.1:5101,ftp://x:1", "/tmp/x", "'ftp://x:1' is not a member URL")]
    [InlineData("http://127.0.0.1:5101", "http://127.0.0.1:5101,http://127.0.0.1:5101", "/tmp/x", "twice")]
    [InlineData("http://0.0.0.0:5101", Members, "/tmp/x", "concrete host")]
    [InlineData("http://127.0.0.1:5101", Members, null, "Cluster:DataDir is required")]
    public void Bad_settings_stop_the_node_with_the_key_named(string? publicUrl, string? members, string? dataDir, string expected)
    {
        var values = new List<(string, string)>();
        if (publicUrl is not null)
        {
            values.Add(("Cluster:PublicUrl", publicUrl));
        }

        if (members is not null)
        {
            values.Add(("Cluster:Members", members));
        }

        if (dataDir is not null)
        {
            values.Add(("Cluster:DataDir", dataDir));
        }

        var error = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.Bind(Config([.. values])));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_snapshot_interval_is_refused()
    {
        var configuration = Config(("Cluster:PublicUrl", "http://127.0.0.1:5101"), ("Cluster:Members", Members), ("Cluster:DataDir", "/tmp/a"), ("Cluster:SnapshotInterval", "often"));
        var error = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.Bind(configuration));
        Assert.Contains("Cluster:SnapshotInterval", error.Message, StringComparison.Ordinal);
    }
}
