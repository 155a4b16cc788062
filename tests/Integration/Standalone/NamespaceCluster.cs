using CivicTrust.Drill.Crash;

namespace CivicTrust.Integration.Standalone;

/// <summary>
/// Nodes as hosts (three unless told): each in its own Linux network namespace with its own address on a bridge, started by
/// <c>scripts/netns-cluster.sh</c>, so a partition drops real packets. Needs root.
/// </summary>
public sealed class NamespaceCluster : ScriptedCluster
{
    private NamespaceCluster(string directory, string script)
        : base(directory, script, nodeArguments: string.Empty)
    {
    }

    /// <summary>Whether this process may create network namespaces (root; CI runs as root) and cut links (nft is installed).</summary>
    public static bool CanRun => Environment.UserName == "root" && NftInstalled;

    /// <summary>Why <see cref="CanRun"/> is false, for a skipped test.</summary>
    public static string WhyNot => Environment.UserName != "root"
        ? "needs root to create network namespaces (CI runs as root)"
        : "needs nftables to cut a host off (scripts/netns-cluster.sh install)";

    private static readonly string[] NftPaths = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"];

    private static bool NftInstalled => NftPaths.Any(File.Exists);

    /// <inheritdoc/>
    private protected override string RestartPlaceholder => "{host}";

    /// <inheritdoc/>
    private protected override INodeIsolator Isolator =>
        new CommandTemplateIsolator($"{ScriptCommand} cut '{Directory}' {{host}}", $"{ScriptCommand} heal '{Directory}' {{host}}");

    // The nodes are processes of this machine, but behind non-loopback addresses, where the drill's own signals refuse
    // to guess: signal them by pid through commands, as an operator would.

    /// <inheritdoc/>
    private protected override ICrashInjector CrashInjector => new CommandTemplateInjector("kill -9 {pid}");

    /// <inheritdoc/>
    private protected override INodePauser Pauser => new CommandTemplatePauser("kill -STOP {pid}", "kill -CONT {pid}");

    /// <summary>
    /// Creates <paramref name="members"/> namespaces, starts a node in each and waits until each sees the same leader; the
    /// members speak mutual TLS with certificates from the cluster's own CA unless <paramref name="tls"/> is false.
    /// </summary>
    public static async Task<NamespaceCluster> StartAsync(CancellationToken token, int members = 3, bool tls = true)
    {
        var cluster = new NamespaceCluster(NewDirectory("netns"), Path.Combine(RepositoryRoot(), "scripts", "netns-cluster.sh"));
        if (tls)
        {
            cluster.SetScriptVariable("CIVICTRUST_TLS", "1");
        }

        try
        {
            var urls = (await cluster.RunScriptAsync(["up", cluster.Directory, members.ToString(System.Globalization.CultureInfo.InvariantCulture)], token)).Trim();
            cluster.Endpoints = [.. urls.Split(',').Select(m => new Uri(m + "/"))];
            await cluster.WaitForLeaderAsync(token);
            return cluster;
        }
        catch
        {
            // The namespaces and the bridge are the machine's, not the test's: never leave them behind.
            try
            {
                await cluster.DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // 'up' failed before it made anything: nothing to remove, and its own error is the one to report.
            }

            throw;
        }
    }
}
