using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CivicTrust.AppHost;

/// <summary>
/// Where the nodes keep their write-ahead logs. Node ports are allocated anew on each AppHost run, and a Raft log
/// written under one membership must not be replayed under another, so each run gets a fresh root unless
/// <c>CivicTrust:DataRoot</c> names one. Restarting a node resource within a run keeps its log (that is the drill).
/// </summary>
public static class DataRoot
{
    /// <summary>Configuration key that overrides the per-run directory.</summary>
    public const string ConfigurationKey = "CivicTrust:DataRoot";

    /// <summary>The configured root, or a new directory under the system temp folder.</summary>
    public static string Resolve(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), "civictrust",
                DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
}
