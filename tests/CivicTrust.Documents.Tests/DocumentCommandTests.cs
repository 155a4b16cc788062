
namespace CivicTrust.Documents.Tests;

public sealed class DocumentCommandTests
{
    private static readonly string Hash = new string('c', 63) + "1";

    [Fact]
    public void Issue_round_trips_with_a_unicode_issuer()
    {
        var command = DocumentCommand.Issue(Hash, "Ministère de l'Intérieur");
        Assert.Equal(command, DocumentCommand.Decode(command.Encode()));
    }

    [Fact]
    public void Abort_round_trips_and_stays_small()
    {
        var bytes = DocumentCommand.Abort(Hash).Encode();
        Assert.Equal(35, bytes.Length);
        Assert.Equal(DocumentCommand.Abort(Hash), DocumentCommand.Decode(bytes));
    }

    [Fact]
    public void Corrupt_payloads_are_refused()
    {
        var bytes = DocumentCommand.Issue(Hash, "issuer").Encode();
        Assert.Throws<FormatException>(() => DocumentCommand.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => DocumentCommand.Decode([]));
        bytes[0] = 99;
        Assert.Throws<FormatException>(() => DocumentCommand.Decode(bytes));
    }
}
