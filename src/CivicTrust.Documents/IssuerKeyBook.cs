using System.Collections.Immutable;

namespace CivicTrust.Documents;

/// <summary>
/// The keys the log admitted or revoked, as of one applied index. Immutable: the apply thread replaces the registry's
/// book whole, so a request authenticating a key reads one without waiting for the apply lock.
/// </summary>
public sealed class IssuerKeyBook
{
    private readonly ImmutableDictionary<ulong, IssuerKeyEntry> _byId;

    private IssuerKeyBook(ImmutableDictionary<ulong, IssuerKeyEntry> byId) => _byId = byId;

    /// <summary>A book of no keys.</summary>
    public static IssuerKeyBook Empty { get; } = new(ImmutableDictionary<ulong, IssuerKeyEntry>.Empty);

    /// <summary>A book of <paramref name="entries"/> (a snapshot's).</summary>
    /// <exception cref="InvalidDataException">Two entries share a key id.</exception>
    public static IssuerKeyBook Of(IEnumerable<IssuerKeyEntry> entries)
    {
        var byId = ImmutableDictionary.CreateBuilder<ulong, IssuerKeyEntry>();
        foreach (var entry in entries)
        {
            if (!byId.TryAdd(entry.Id, entry))
            {
                throw new InvalidDataException($"Two key entries share the id of {entry.KeySha256}.");
            }
        }

        return new IssuerKeyBook(byId.ToImmutable());
    }

    /// <summary>Every entry, in the order the log made them (admitted first by index, then revoked-only ones).</summary>
    public IReadOnlyList<IssuerKeyEntry> Entries =>
        [.. _byId.Values.OrderBy(e => e.AddedIndex == 0 ? e.RevokedIndex : e.AddedIndex).ThenBy(e => e.KeySha256, StringComparer.Ordinal)];

    /// <summary>How many keys the book holds.</summary>
    public int Count => _byId.Count;

    /// <summary>The entry of the key whose SHA-256 is <paramref name="keySha256"/> (lower-case hex), if the log decided anything about it.</summary>
    public IssuerKeyEntry? Find(string keySha256) =>
        _byId.TryGetValue(IssuerKeyId.Of(keySha256), out var entry) && string.Equals(entry.KeySha256, keySha256, StringComparison.Ordinal) ? entry : null;

    /// <summary>Whether a write made with the key <paramref name="keyId"/> must be refused: its key was revoked.</summary>
    public bool IsRevoked(ulong keyId) => keyId != 0 && _byId.TryGetValue(keyId, out var entry) && entry.IsRevoked;

    /// <summary>The entry with id <paramref name="keyId"/>, if any.</summary>
    internal IssuerKeyEntry? ById(ulong keyId) => _byId.GetValueOrDefault(keyId);

    /// <summary>This book with <paramref name="entry"/> in place of any entry of its id.</summary>
    internal IssuerKeyBook With(IssuerKeyEntry entry) => new(_byId.SetItem(entry.Id, entry));
}
