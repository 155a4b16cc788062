namespace CivicTrust.AppHost;

/// <summary>The ledger resource and the connection string its clients use, whichever way it is provided.</summary>
/// <param name="Resource">The Redis container or the embedded server's project.</param>
/// <param name="ConnectionString">A StackExchange.Redis connection string.</param>
public sealed record Ledger(IResourceBuilder<IResource> Resource, ReferenceExpression ConnectionString)
{
    /// <summary>Resource name, and the connection string name its clients read (<c>ConnectionStrings:ledger</c>).</summary>
    public const string Name = "ledger";
}
