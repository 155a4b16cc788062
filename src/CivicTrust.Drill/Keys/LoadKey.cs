namespace CivicTrust.Drill.Keys;

/// <summary>
/// Which issuer key the load writes with: the drill's own (<c>--api-key</c>) until a fault hands it a run-time key,
/// and then whichever the fault handed it last. Read once per request, so each request goes out with one key and the
/// history names that one.
/// </summary>
public sealed class LoadKey
{
    private DrillKey? _key;

    /// <summary>The run-time key the load writes with; <see langword="null"/> while it writes with the drill's own.</summary>
    public DrillKey? Current => Volatile.Read(ref _key);

    /// <summary>Every request the load starts from now on carries <paramref name="key"/>.</summary>
    public void Use(DrillKey key) => Volatile.Write(ref _key, key);
}
