using System.Security.Cryptography;
using System.Text.Json;

namespace CivicTrust.Documents;

/// <summary>Document identity: SHA-256 of the canonical JSON of the content, as 64 lower-case hex characters.</summary>
public static class DocumentHash
{
    /// <summary>Length of a hash in hex characters.</summary>
    public const int HexLength = 64;

    /// <summary>Length of a hash in bytes.</summary>
    public const int ByteLength = 32;

    /// <summary>Computes the hash of <paramref name="content"/>.</summary>
    public static string Compute(JsonElement content) =>
        Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.ToUtf8Bytes(content)));

    /// <summary>Whether <paramref name="hash"/> is 64 hex characters (either case).</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: HexLength } && hash.AsSpan().ContainsAnyExcept(HexDigits) is false;

    /// <summary>Returns the canonical (lower-case) spelling, or throws for a malformed hash.</summary>
    public static string Normalize(string? hash) =>
        IsWellFormed(hash)
            ? hash!.ToLowerInvariant()
            : throw new InvalidDocumentException($"'{hash}' is not a document hash: expected {HexLength} hex characters.");

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
