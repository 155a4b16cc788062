using System.Globalization;

namespace CivicTrust.Contracts;

/// <summary>The whole numbers a drill setting accepts, both ends included.</summary>
/// <param name="Min">The smallest value accepted.</param>
/// <param name="Max">The largest value accepted.</param>
public readonly record struct SettingRange(int Min, int Max)
{
    /// <summary>Whether <paramref name="value"/> lies in the range.</summary>
    public bool Contains(int value) => value >= Min && value <= Max;

    /// <summary>The range as help texts write it, e.g. <c>1-600</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
