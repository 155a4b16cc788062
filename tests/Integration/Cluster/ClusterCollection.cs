namespace CivicTrust.Integration.Cluster;

/// <summary>Test classes in this collection share one running cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "shared cluster";
}
