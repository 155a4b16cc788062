
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

    [Fact]
    public void A_write_names_its_key_in_eight_more_bytes_and_one_without_a_key_keeps_the_older_layout()
    {
        var keyed = DocumentCommand.Issue(Hash, "issuer", keyId: 0x0102030405060708);
        var bytes = keyed.Encode();

        Assert.Equal(DocumentCommand.Issue(Hash, "issuer").Encode().Length + 8, bytes.Length);
        Assert.Equal(keyed, DocumentCommand.Decode(bytes));
        Assert.Equal(DocumentCommand.Abort(Hash, keyId: 42), DocumentCommand.Decode(DocumentCommand.Abort(Hash, keyId: 42).Encode()));
        Assert.Equal((byte)DocumentCommandKind.Issue, DocumentCommand.Issue(Hash, "issuer").Encode()[0]);
    }

    [Fact]
    public void Key_commands_round_trip_and_never_carry_a_write_key()
    {
        var revoke = DocumentCommand.RevokeKey(Hash, "city hall");
        Assert.Equal(revoke, DocumentCommand.Decode(revoke.Encode()));
        Assert.True(revoke.IsKeyCommand);

        var flagged = new DocumentCommand(DocumentCommandKind.AddKey, Hash, "city hall", 7).Encode();
        Assert.Throws<FormatException>(() => DocumentCommand.Decode(flagged));
        var zeroId = DocumentCommand.Issue(Hash, "issuer", keyId: 1).Encode();
        zeroId.AsSpan(zeroId.Length - 8).Clear();
        Assert.Throws<FormatException>(() => DocumentCommand.Decode(zeroId));
    }
}
