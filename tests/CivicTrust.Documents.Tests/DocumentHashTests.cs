using System.Text.Json;

namespace CivicTrust.Documents.Tests;

public sealed class DocumentHashTests
{
    [Fact]
    public void Hash_is_sha256_of_the_canonical_form_in_lower_case_hex()
    {
        // Expected value computed outside .NET: sha256(b'{"a":1,"b":[true,null,"x"]}').
        using var document = JsonDocument.Parse("""{ "b": [true, null, "x"], "a": 1.0 }""");
        Assert.Equal("eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1", DocumentHash.Compute(document.RootElement));
    }

    [Fact]
    public void Different_content_gives_different_hashes()
    {
        using var one = JsonDocument.Parse("""{"serial":1}""");
        using var two = JsonDocument.Parse("""{"serial":2}""");
        Assert.NotEqual(DocumentHash.Compute(one.RootElement), DocumentHash.Compute(two.RootElement));
    }

    [Theory]
    [InlineData("eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1", true)]
    [InlineData("ECA8CFB31AB74533E1EB2F4C74D2D55DFE3C79AC704787E54BE8647EA7777EB1", true)]
    [InlineData("eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb", false)]
    [InlineData("eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1a", false)]
    [InlineData("zca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Well_formed_hashes_are_64_hex_characters(string? hash, bool expected)
    {
        Assert.Equal(expected, DocumentHash.IsWellFormed(hash));
    }

    [Fact]
    public void Normalize_lowers_the_case_and_rejects_garbage()
    {
        Assert.Equal(new string('a', 64), DocumentHash.Normalize(new string('A', 64)));
        Assert.Throws<InvalidDocumentException>(() => DocumentHash.Normalize("not-a-hash"));
    }
}
