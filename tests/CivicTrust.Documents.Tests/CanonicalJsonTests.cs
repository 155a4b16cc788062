using System.Text;
using System.Text.Json;

namespace CivicTrust.Documents.Tests;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(CanonicalJson.ToUtf8Bytes(document.RootElement));
    }

    [Fact]
    public void Member_order_and_whitespace_do_not_matter()
    {
        Assert.Equal("""{"a":1,"b":{"x":[1,2],"y":null}}""", Canonical("""{ "b": { "y": null, "x": [ 1, 2 ] }, "a": 1 }"""));
    }

    [Fact]
    public void Members_are_sorted_by_utf16_code_units()
    {
        // Ordinal order puts upper case before lower case and "\u00e9" after "z".
        Assert.Equal("""{"B":1,"a":2,"z":3,"é":4}""", Canonical("""{"é":4,"z":3,"a":2,"B":1}"""));
    }

    [Fact]
    public void Strings_use_minimal_escaping()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\u001f\u00e9\u20ac</>\"", Canonical("\"a\\\"b\\\\c\\n\\u001f\\u00e9€</>\""));
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("1.5e2", "150")]
    [InlineData("1e15", "1000000000000000")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901234", "1.2345678901234569e+23")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("-1.25e-10", "-1.25e-10")]
    [InlineData("0.1", "0.1")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    public void Numbers_take_the_ecmascript_shortest_form(string input, string expected)
    {
        Assert.Equal(expected, Canonical(input));
    }

    [Fact]
    public void Duplicate_member_names_are_rejected()
    {
        var error = Assert.Throws<InvalidDocumentException>(() => Canonical("""{"a":1,"a":2}"""));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_beyond_double_range_are_rejected()
    {
        Assert.Throws<InvalidDocumentException>(() => Canonical("1e400"));
    }

    [Fact]
    public void Lone_surrogates_are_rejected()
    {
        Assert.Throws<InvalidDocumentException>(() => Canonical("\"\\ud800\""));
    }
}
