using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.AppHost;

/// <summary>
/// How many members the AppHost starts (<c>CivicTrust:ClusterSize</c>: 3, 5 or 7; 3 unless set) and what they are
/// called: <c>node-a</c>, <c>node-b</c> and on.
/// </summary>
/// <remarks>
/// Only odd sizes: an even cluster survives no more failures than the odd one below it and waits for one more member
/// on every commit. Seven at most: beyond that every commit waits for more acknowledgements with no useful gain in
/// fault tolerance, and on one machine the members only compete for its cores.
/// </remarks>
public static class ClusterSize
{
    /// <summary>The configuration key (<c>--CivicTrust:ClusterSize=5</c>, or <c>CivicTrust__ClusterSize=5</c>).</summary>
    public const string ConfigurationKey = "CivicTrust:ClusterSize";

    /// <summary>The size when none is set.</summary>
    public const int Default = 3;

    private static readonly int[] Supported = [3, 5, 7];

    /// <summary>The configured size.</summary>
    /// <exception cref="InvalidOperationException">The setting is not one of the supported sizes; the message says which are.</exception>
    public static int Resolve(IConfiguration configuration)
    {
        if (configuration[ConfigurationKey] is not { Length: > 0 } text)
        {
            return Default;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && Supported.Contains(size)
            ? size
            : throw new InvalidOperationException(
                $"{ConfigurationKey} is '{text}': the AppHost starts clusters of {string.Join(", ", Supported)} members (odd, so that no member is spent without adding fault tolerance).");
    }

    /// <summary>The members' resource names, which are also their node ids.</summary>
    public static IReadOnlyList<string> NodeNames(int size) =>
        [.. Enumerable.Range(0, size).Select(i => "node-" + (char)('a' + i))];

    /// <summary>The members' resource names for the configured size.</summary>
    public static IReadOnlyList<string> NodeNames(IConfiguration configuration) => NodeNames(Resolve(configuration));
}
