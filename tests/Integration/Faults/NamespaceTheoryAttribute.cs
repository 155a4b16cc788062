using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Faults;

/// <summary>
/// A theory that needs network namespaces, so root: it runs in CI (which is root) and wherever the tests run as root,
/// and is skipped, saying why, elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NamespaceTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless <see cref="NamespaceCluster.CanRun"/>.</summary>
    public NamespaceTheoryAttribute()
    {
        if (!NamespaceCluster.CanRun)
        {
            Skip = "needs root to create network namespaces (CI runs as root)";
        }
    }
}
