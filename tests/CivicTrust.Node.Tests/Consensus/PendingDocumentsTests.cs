using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Tests.Consensus;

public sealed class PendingDocumentsTests
{
    [Fact]
    public void A_hash_stays_pending_with_its_first_issuer_until_every_request_for_it_ends()
    {
        var pending = new PendingDocuments();
        var first = pending.Track("h", "city-hall");
        var retry = pending.Track("h", "someone-else");

        Assert.Equal("city-hall", pending.IssuerOf("h"));
        first.Dispose();
        Assert.True(pending.Contains("h"));
        Assert.Equal("city-hall", pending.IssuerOf("h"));
        retry.Dispose();
        Assert.False(pending.Contains("h"));
        Assert.Null(pending.IssuerOf("h"));
    }
}
