using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Faults;

/// <summary>
/// A theory that needs network namespaces and nftables, so root: it runs in CI (which is root and installs nftables)
/// and wherever the tests run as root with nft installed, and is skipped, saying why, elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NamespaceTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless <see cref="NamespaceCluster.CanRun"/>.</summary>
    public NamespaceTheoryAttribute()
    {
        if (!NamespaceCluster.CanRun)
        {
            Skip = NamespaceCluster.WhyNot;
        }
    }
}
