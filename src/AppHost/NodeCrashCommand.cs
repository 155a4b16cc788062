using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrust.Contracts;
using Microsoft.Extensions.Logging;

namespace CivicTrust.AppHost;

/// <summary>
/// The dashboard's <b>Crash (SIGKILL)</b> command on each node. It kills the node's own process, whose pid the node
/// reports in <c>/cluster/status</c>, checked against the resource's name, so it kills the node that answers on the
/// resource's endpoint and nothing else (docs/platform.md). The resource's usual Start brings it back.
/// </summary>
public static class NodeCrashCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "crash";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Adds the command to <paramref name="node"/>.</summary>
    public static IResourceBuilder<ExecutableResource> WithCrashCommand(this IResourceBuilder<ExecutableResource> node) =>
        node.WithCommand(Name, "Crash (SIGKILL)", context => ExecuteAsync(node, context), new CommandOptions
        {
            Description = "Kill this node's process with SIGKILL: no shutdown, no goodbye to its peers. Start brings it back.",
            ConfirmationMessage = $"SIGKILL {node.Resource.Name}? The process dies at once; use Start to bring it back.",
            IconName = "Flash",
            IsHighlighted = true,
            UpdateState = state => state.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

    private static async Task<ExecuteCommandResult> ExecuteAsync(IResourceBuilder<ExecutableResource> node, ExecuteCommandContext context)
    {
        var endpoint = node.GetEndpoint("http");
        ClusterStatusResponse? status;
        try
        {
            status = await Http.GetFromJsonAsync<ClusterStatusResponse>(new Uri(new Uri(endpoint.Url), "/cluster/status"), context.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return CommandResults.Failure($"{node.Resource.Name} did not report its pid ({e.Message}); is it running?");
        }

        if (status is null || status.NodeId != node.Resource.Name)
        {
            return CommandResults.Failure($"The process at {endpoint.Url} says it is '{status?.NodeId}', not {node.Resource.Name}; nothing was killed.");
        }

        var pid = status.Pid;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
        catch (ArgumentException)
        {
            return CommandResults.Failure($"{node.Resource.Name} reported pid {pid}, which is not running here.");
        }

        context.Logger.LogWarning("Crash command: sent SIGKILL to {Node} (pid {Pid}).", node.Resource.Name, pid);
        return CommandResults.Success($"SIGKILL sent to {node.Resource.Name} (pid {pid}).");
    }
}
