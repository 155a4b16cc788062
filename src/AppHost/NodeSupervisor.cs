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
/// stopped on purpose (the dashboard's Stop) stays stopped. While a drill that restarts members itself runs (a crash
/// schedule: <see cref="NodeHolds"/>), a node that dies stays down until the drill asks for it, and whatever is still
/// down when the drill ends is brought back then.
/// </summary>
/// <remarks>
/// Aspire's start command of a killed project resource failed to bring it back about once in five tries on the build
/// machines (docs/platform.md), so each restart is retried until the node runs, a few times.
/// </remarks>
public sealed class NodeSupervisor(
    ResourceNotificationService notifications, ResourceCommandService commands, IHostApplicationLifetime lifetime,
    IConfiguration configuration, NodeHolds holds, ILogger<NodeSupervisor> logger) : BackgroundService
{
    /// <summary>Configuration switch: <c>false</c> leaves crashed nodes down (tests that restart them by hand).</summary>
    public const string EnabledKey = "CivicTrust:RestartCrashedNodes";

    /// <summary>Seconds between a node's death and its restart; long enough for a drill to see the failover alone.</summary>
    public const string RestartDelayKey = "CivicTrust:RestartDelaySeconds";

    private const int Attempts = 4;
    private static readonly TimeSpan RunningWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RequestPoll = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, byte> _restarting = new(StringComparer.Ordinal);

    // Nodes that died while a drill held them: down until it asks, or until it ends.
    private readonly ConcurrentDictionary<string, IResource> _held = new(StringComparer.Ordinal);

    /// <summary>Whether the supervisor runs (the switch <see cref="EnabledKey"/>).</summary>
    public static bool IsEnabled(IConfiguration configuration) => !string.Equals(configuration[EnabledKey], "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds the supervisor unless <see cref="EnabledKey"/> is <c>false</c>.</summary>
    public static void AddTo(IDistributedApplicationBuilder builder)
    {
        if (IsEnabled(builder.Configuration))
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
        var requests = ServeRequestsAsync(stoppingToken);
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var name = update.Resource.Name;
            var state = update.Snapshot.State?.Text;
            var previous = lastState.GetValueOrDefault(name);
            lastState[name] = state;
            if (name == DrillRunnerResources.Name)
            {
                // The drill ended, however: nothing is held any longer.
                if (previous == KnownResourceStates.Running && KnownResourceStates.TerminalStates.Contains(state) && holds.Active)
                {
                    ReleaseAll(stoppingToken);
                }

                continue;
            }

            // Died on its own: from running straight to a terminal state with a failure exit code. A Stop passes
            // through Stopping first and is left alone, and so is everything while the AppHost shuts down.
            if (!members.Contains(name) || previous != KnownResourceStates.Running || !KnownResourceStates.TerminalStates.Contains(state)
                || update.Snapshot.ExitCode is null or 0 || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                continue;
            }

            if (holds.Active)
            {
                _held[name] = update.Resource;
                logger.LogWarning("{Node} died (exit code {ExitCode}) during a drill that restarts members itself; it stays down until the drill asks.", name, update.Snapshot.ExitCode);
            }
            else if (_restarting.TryAdd(name, 0))
            {
                _ = RestartAsync(update.Resource, update.Snapshot.ExitCode.Value, delay, stoppingToken);
            }
        }

        await requests;
    }

    // A held node the drill asked for is started at once; a request for a node not seen dead yet waits for its death.
    private async Task ServeRequestsAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            // Only a held node can be asked for: no need to read the requests' folder while none is.
            foreach (var name in _held.IsEmpty ? [] : holds.Requested())
            {
                if (_held.TryRemove(name, out var node) && _restarting.TryAdd(name, 0))
                {
                    holds.Take(name);
                    _ = RestartAsync(node, exitCode: null, TimeSpan.Zero, token);
                }
            }

            try
            {
                await Task.Delay(RequestPoll, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void ReleaseAll(CancellationToken token)
    {
        holds.End();
        foreach (var name in _held.Keys)
        {
            if (_held.TryRemove(name, out var node) && _restarting.TryAdd(name, 0))
            {
                _ = RestartAsync(node, exitCode: null, TimeSpan.Zero, token);
            }
        }
    }

    private async Task RestartAsync(IResource node, int? exitCode, TimeSpan delay, CancellationToken token)
    {
        try
        {
            if (exitCode is { } code)
            {
                logger.LogWarning("{Node} died (exit code {ExitCode}); starting it again on its data directory in {Delay} s.", node.Name, code, delay.TotalSeconds);
            }
            else
            {
                logger.LogInformation("{Node}, held down for the drill, is started again on its data directory.", node.Name);
            }

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
