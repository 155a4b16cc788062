using System.Text.Json;
using CivicTrust.AppHost;
using CivicTrust.Contracts;
using CivicTrust.Integration.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Drill;

/// <summary>
/// The AppHost's <c>drill-runner</c> resource, driven by the dashboard's own commands: started on demand, it drills the
/// cluster it was given; the AppHost brings the killed node back, so a second drill started the same way passes too.
/// </summary>
public sealed class DrillRunnerResourceTests(ITestOutputHelper output)
{
    private const string Name = DrillRunnerResources.Name;

    [Fact]
    public async Task Drills_started_from_the_dashboard_back_to_back_pass_the_killed_nodes_come_back_and_run_drill_takes_settings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var token = timeout.Token;
        await using var app = await CivicTrustApp.StartAsync(token);
        var notifications = app.App.ResourceNotifications;
        var pidsBefore = (await app.StatusesAsync(token)).ToDictionary(s => s.Key, s => s.Value.Pid);

        // Explicit start: the runner must not have run on its own.
        Assert.True(notifications.TryGetCurrentState(Name, out var before));
        Assert.Equal(KnownResourceStates.NotStarted, before!.Snapshot.State?.Text);

        var runner = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Name);
        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        object? lastReport = null;
        for (var drill = 1; drill <= 2; drill++)
        {
            var started = await commands.ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, token);
            Assert.True(started.Success, started.Message);

            // From the second drill on, the resource is still Finished from the last one: wait for it to leave that
            // state (it waits for all three nodes first) before waiting for the end.
            await notifications.WaitForResourceAsync(Name, e => !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token);
            // The AppHost publishes this run's verdict once the runner has exited: a report folder other than the last one.
            var finished = await notifications.WaitForResourceAsync(Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)
                && e.Snapshot.Properties.FirstOrDefault(p => p.Name == DrillRunnerVerdict.ReportProperty) is { Value: { } report } && !report.Equals(lastReport), token);
            var properties = finished.Snapshot.Properties.ToDictionary(p => p.Name, p => p.Value);
            lastReport = properties[DrillRunnerVerdict.ReportProperty];
            output.WriteLine($"drill {drill}: {Name} {finished.Snapshot.State?.Text}, exit code {finished.Snapshot.ExitCode}, " +
                $"verdict {properties[DrillRunnerVerdict.VerdictProperty]}, failover {properties[DrillRunnerVerdict.FailoverProperty]} ms, report {properties[DrillRunnerVerdict.ReportProperty]}");

            Assert.Equal(0, finished.Snapshot.ExitCode);
            Assert.StartsWith("passed", properties[DrillRunnerVerdict.VerdictProperty]?.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(properties[DrillRunnerVerdict.ReportProperty]!.ToString()!, "drill-report.html")));
        }

        // The supervisor restarted what the drills killed: all three answer again, each killed one in a new process.
        var whole = await app.WaitForConvergenceAsync(token);
        Assert.Equal(3, whole.Count);
        Assert.Contains(whole, s => s.Value.Pid != pidsBefore[s.Key]);

        // A third drill through "Run drill…", with settings: a 2 s pause of the leader, 200 documents.
        var arguments = new InteractionInputCollection(
        [
            new InteractionInput { Name = DrillCommand.Documents, InputType = InputType.Number, Value = "200" },
            new InteractionInput { Name = DrillCommand.Fault, InputType = InputType.Choice, Value = "pause" },
            new InteractionInput { Name = DrillCommand.Target, InputType = InputType.Choice, Value = "leader" },
            new InteractionInput { Name = DrillCommand.FaultDuration, InputType = InputType.Number, Value = "2" },
        ]);
        var chosen = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, arguments, token);
        Assert.True(chosen.Success, chosen.Message);
        await notifications.WaitForResourceAsync(Name, e => !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token);
        var paused = await notifications.WaitForResourceAsync(Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)
            && e.Snapshot.Properties.FirstOrDefault(p => p.Name == DrillRunnerVerdict.ReportProperty) is { Value: { } report } && !report.Equals(lastReport), token);
        var headline = JsonSerializer.Deserialize<DrillReportHeadline>(await File.ReadAllTextAsync(
            Path.Combine(paused.Snapshot.Properties.Single(p => p.Name == DrillRunnerVerdict.ReportProperty).Value!.ToString()!, "drill-report.json"), token));
        output.WriteLine($"drill 3: {headline}");
        Assert.Equal(0, paused.Snapshot.ExitCode);
        Assert.Equal(("pause", "passed"), (headline!.Fault, headline.Verdict));
    }
}
