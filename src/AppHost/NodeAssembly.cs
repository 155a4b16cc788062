using System.Reflection;

namespace CivicTrust.AppHost;

/// <summary>
/// The node's built assembly, which the AppHost runs directly (<c>dotnet CivicTrust.Node.dll</c>). A project resource
/// would start each node through <c>dotnet run --no-build</c>, which evaluates the project before the node starts: with
/// four of them at once on a 2-core machine that added about 1.2 s to every start of the cluster
/// (docs/performance.md, "AppHost start-up"). The path is recorded at build time from the node project's own
/// <c>GetTargetPath</c>, so it follows the configuration the AppHost was built in.
/// </summary>
public static class NodeAssembly
{
    private const string MetadataKey = "CivicTrust.Node.Assembly";

    /// <summary>The full path of <c>CivicTrust.Node.dll</c> as built with this AppHost.</summary>
    /// <exception cref="InvalidOperationException">The AppHost was built without it, or it is gone.</exception>
    public static string Path
    {
        get
        {
            var path = typeof(NodeAssembly).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
            if (string.IsNullOrEmpty(path))
            {
                throw new InvalidOperationException($"The AppHost was built without the {MetadataKey} metadata; rebuild it (dotnet build src/AppHost).");
            }

            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The node is not built at {path}; build the AppHost (dotnet build src/AppHost), which builds it.");
        }
    }
}
