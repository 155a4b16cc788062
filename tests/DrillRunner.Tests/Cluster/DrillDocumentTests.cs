using System.Text.Json;
using CivicTrust.Documents;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.DrillRunner.Tests.Cluster;

public sealed class DrillDocumentTests
{
    [Theory]
    [InlineData("20261126abc123", 0, "load")]
    [InlineData("20261126abc123", 123_456, "fresh")]
    public void The_drill_hash_is_the_hash_the_node_computes(string runId, long serial, string kind)
    {
        var document = DrillDocument.Create(runId, serial, kind);
        using var body = JsonDocument.Parse(document.RequestBody);

        Assert.Equal(DocumentHash.Compute(body.RootElement.GetProperty("content")), document.Hash);
        Assert.Equal(document.Issuer, body.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public void Documents_of_one_run_are_unique()
    {
        var hashes = Enumerable.Range(0, 1000).Select(i => DrillDocument.Create("run", i, "load").Hash).ToHashSet();
        Assert.Equal(1000, hashes.Count);
        Assert.DoesNotContain(DrillDocument.Create("run", 0, "fresh").Hash, hashes);
    }
}
