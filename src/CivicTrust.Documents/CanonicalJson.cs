using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CivicTrust.Documents;

/// <summary>
/// Canonical JSON in the spirit of RFC 8785 (JCS): object members sorted by UTF-16 code units, no insignificant
/// whitespace, minimal string escaping, numbers in ECMAScript's shortest round-trip form. Two clients that send the
/// same document with different key order or spacing therefore get the same hash.
/// </summary>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the canonical UTF-8 bytes of <paramref name="value"/>.</summary>
    /// <exception cref="InvalidDocumentException">Duplicate member names, a number out of range, or a lone surrogate.</exception>
    public static byte[] ToUtf8Bytes(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        try
        {
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (EncoderFallbackException e)
        {
            throw new InvalidDocumentException("content contains a string that is not valid Unicode (lone surrogate).", e);
        }
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, text);
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Write(item, text);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(ReadString(value), text);
                break;
            case JsonValueKind.Number:
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new InvalidDocumentException($"content holds a number out of the IEEE-754 double range: {value.GetRawText()}");
                }

                text.Append(FormatNumber(number));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new InvalidDocumentException($"content holds an unsupported JSON value kind: {value.ValueKind}");
        }
    }

    private static string ReadString(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDocumentException("content contains a string that is not valid Unicode (lone surrogate).", e);
        }
    }

    private static void WriteObject(JsonElement value, StringBuilder text)
    {
        var members = new List<JsonProperty>();
        foreach (var member in value.EnumerateObject())
        {
            members.Add(member);
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        text.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                {
                    // Two clients could read such an object differently, so it has no single canonical form.
                    throw new InvalidDocumentException($"content has the member name '{members[i].Name}' more than once.");
                }

                text.Append(',');
            }

            WriteString(members[i].Name, text);
            text.Append(':');
            Write(members[i].Value, text);
        }

        text.Append('}');
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>Formats a finite double the way ECMAScript's <c>Number.prototype.toString</c> does.</summary>
    public static string FormatNumber(double value)
    {
        if (value == 0)
        {
            return "0"; // also -0, as JCS requires
        }

        // .NET's "R" gives the shortest round-trip digits; only the layout differs from ECMAScript.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointAt -= leadingZeros;

        var k = digits.Length;
        var n = pointAt;
        var sign = value < 0 ? "-" : string.Empty;
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        var fraction = k > 1 ? "." + digits[1..] : string.Empty;
        return sign + digits[0] + fraction + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
