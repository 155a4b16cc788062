namespace CivicTrust.AppHost;

/// <summary>How the AppHost provides the drill's Redis ledger (<c>Ledger:Mode</c>).</summary>
public enum LedgerMode
{
    /// <summary>A Redis container when a container runtime answers, else the embedded server.</summary>
    Auto,

    /// <summary>Always a Redis container (<c>Aspire.Hosting.Redis</c>).</summary>
    Container,

    /// <summary>Always the embedded Garnet RESP server (needs only NuGet packages).</summary>
    Embedded,
}
