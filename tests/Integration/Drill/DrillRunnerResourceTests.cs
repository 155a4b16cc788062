using CivicTrust.Integration.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Drill;

/// <summary>The AppHost's <c>drill-runner</c> resource: started on demand, it drills the cluster it was given.</summary>
public sealed class DrillRunnerResourceTests(ITestOutputHelper output)
{
    private const string Name = "drill-runner";

    [Fact]
    public async Task Starting_the_drill_runner_resource_drills_the_cluster_and_exits_with_the_verdict()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var app = await CivicTrustApp.StartAsync(token);
        var notifications = app.App.ResourceNotifications;

        // Explicit start: the runner must not have run on its own.
        Assert.True(notifications.TryGetCurrentState(Name, out var before));
        Assert.Equal(KnownResourceStates.NotStarted, before!.Snapshot.State?.Text);

        var runner = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Name);
        var started = await app.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, token);
        Assert.True(started.Success, started.Message);

        var finished = await notifications.WaitForResourceAsync(
            Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token);
        output.WriteLine($"{Name}: {finished.Snapshot.State?.Text}, exit code {finished.Snapshot.ExitCode}");

        Assert.Equal(0, finished.Snapshot.ExitCode);
        var statuses = await app.StatusesAsync(token);
        Assert.Equal(2, statuses.Count); // the drill killed one node for real
    }
}
