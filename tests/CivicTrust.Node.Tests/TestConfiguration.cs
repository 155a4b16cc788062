using Microsoft.Extensions.Configuration;

namespace CivicTrust.Node.Tests;

/// <summary>Configuration as the node reads it, from key/value pairs (the command line's <c>--Section:Key value</c>).</summary>
internal static class TestConfiguration
{
    public static ConfigurationManager Of(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        return configuration;
    }
}
