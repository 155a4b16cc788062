using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CivicTrust.AppHost;

/// <summary>
/// Brings a crashed node back, as a service manager would: a node resource whose process died on its own (a drill's
/// SIGKILL, the dashboard's Crash command, a real crash) is started again through Aspire's own start command after
/// <see cref="RestartDelayKey"/>, on the same data directory. So drills can run back to back from the dashboard. A node
/// stopped on purpose (the dashboard's Stop) stays stopped.
/// </summary>
/// <remarks>
/// Aspire's start command of a killed project resource failed to bring it back about once in five tries on the build
/// machines (docs/platform.md), so each restart is retried until the node runs, a few times.
/// </remarks>
public sealed class NodeSupervisor(
    ResourceNotificationService notifications, ResourceCommandService commands, IHostApplicationLifetime lifetime,
    IConfiguration configuration, ILogger<NodeSupervisor> logger) : BackgroundService
{
    /// <summary>Configuration switch: <c>false</c> leaves crashed nodes down (tests that restart them by hand).</summary>
    public const string EnabledKey = "CivicTrust:RestartCrashedNodes";

    /// <summary>Seconds between a node's death and its restart; long enough for a drill to see the failover alone.</summary>
    public const string RestartDelayKey = "CivicTrust:RestartDelaySeconds";

    private const int Attempts = 4;
    private static readonly TimeSpan RunningWithin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, byte> _restarting = new(StringComparer.Ordinal);

    /// <summary>Adds the supervisor unless <see cref="EnabledKey"/> is <c>false</c>.</summary>
    public static void AddTo(IDistributedApplicationBuilder builder)
    {
        if (!string.Equals(builder.Configuration[EnabledKey], "false", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddHostedService<NodeSupervisor>();
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(double.TryParse(configuration[RestartDelayKey], System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 3);
        var lastState = new Dictionary<string, string?>(StringComparer.Ordinal);
        var members = ClusterSize.NodeNames(configuration);
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var name = update.Resource.Name;
            if (!members.Contains(name))
            {
                continue;
            }

            var state = update.Snapshot.State?.Text;
            var previous = lastState.GetValueOrDefault(name);
            lastState[name] = state;
            // Died on its own: from running straight to a terminal state with a failure exit code. A Stop passes
            // through Stopping first and is left alone, and so is everything while the AppHost shuts down.
            if (previous == KnownResourceStates.Running && KnownResourceStates.TerminalStates.Contains(state)
                && update.Snapshot.ExitCode is not (null or 0) && !lifetime.ApplicationStopping.IsCancellationRequested
                && _restarting.TryAdd(name, 0))
            {
                _ = RestartAsync(update.Resource, update.Snapshot.ExitCode.Value, delay, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(IResource node, int exitCode, TimeSpan delay, CancellationToken token)
    {
        try
        {
            logger.LogWarning("{Node} died (exit code {ExitCode}); starting it again on its data directory in {Delay} s.", node.Name, exitCode, delay.TotalSeconds);
            await Task.Delay(delay, token);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                var started = await commands.ExecuteCommandAsync(node, KnownResourceCommands.StartCommand, token);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(token);
                running.CancelAfter(RunningWithin);
                try
                {
                    await notifications.WaitForResourceAsync(node.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, running.Token);
                    logger.LogInformation("{Node} is running again (start attempt {Attempt}).", node.Name, attempt);
                    return;
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    logger.LogWarning("{Node} did not run within {Seconds} s of start attempt {Attempt} ({Answer}).",
                        node.Name, RunningWithin.TotalSeconds, attempt, started.Success ? "accepted" : started.Message);
                }
            }

            logger.LogError("{Node} could not be started again after {Attempts} attempts; start it from the dashboard.", node.Name, Attempts);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            _restarting.TryRemove(node.Name, out _);
        }
    }
}
