using CivicTrust.DrillRunner.Cluster;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>Checks before a drill that every node answers <c>/cluster/status</c>: drilling a half-dead cluster proves nothing.</summary>
public static class ClusterProbe
{
    /// <summary>Problems found, one line per unreachable node; empty when all answer.</summary>
    public static async Task<IReadOnlyList<string>> FindUnreachableAsync(IReadOnlyList<Uri> nodes, CancellationToken token)
    {
        using var http = new HttpClient();
        var problems = new List<string>();
        foreach (var endpoint in nodes)
        {
            try
            {
                var status = await new HttpNodeClient(http, endpoint, TimeSpan.FromSeconds(3)).GetStatusAsync(token);
                if (string.IsNullOrEmpty(status.NodeId))
                {
                    problems.Add($"{endpoint} answered /cluster/status without a nodeId: is it a CivicTrust node?");
                }
            }
            catch (NodeUnreachableException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems;
    }
}
