namespace CivicTrust.Documents.Table;

/// <summary>
/// Issuer names, each held once: a city has a handful of issuers and millions of documents, and every decoded command
/// brings its own copy of the name. Numbers are handed out in order and never reused, so a reader that captured
/// <see cref="Count"/> names can read them on any thread while more are added.
/// </summary>
internal sealed class IssuerTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private string[] _names = new string[4];
    private int _count;

    /// <summary>How many names the table holds.</summary>
    public int Count => _count;

    /// <summary>The number of <paramref name="name"/>, added if it is new; a name already held allocates nothing.</summary>
    public int Intern(ReadOnlySpan<char> name) =>
        _numbers.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var number) ? number : Add(name.ToString());

    /// <summary>The number of <paramref name="name"/>, added if it is new.</summary>
    public int Intern(string name) => _numbers.TryGetValue(name, out var number) ? number : Add(name);

    private int Add(string name)
    {
        if (_count == _names.Length)
        {
            // A copy, not a resize in place: a reader holding the old array still sees every name it captured.
            var grown = new string[_names.Length * 2];
            Array.Copy(_names, grown, _count);
            Volatile.Write(ref _names, grown);
        }

        _names[_count] = name;
        _numbers.Add(name, _count);
        return _count++;
    }

    /// <summary>The name numbered <paramref name="number"/>.</summary>
    public string NameOf(int number) => _names[number];
}
