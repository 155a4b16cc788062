using System.Text.Json;
using CivicTrust.AppHost;
using CivicTrust.Contracts;
using CivicTrust.Integration.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Drill;

/// <summary>
/// The AppHost's <c>drill-runner</c> resource, driven by the dashboard's own commands as a person would: <b>Run drill…</b>
/// with a crash schedule and with a pause, then a plain Start (a kill), back to back. The row's state shows each
/// verdict; the supervisor holds a schedule's victims down until the drill asks for them; a fault the AppHost cannot
/// run is refused with why, before anything starts.
/// </summary>
public sealed class DrillRunnerResourceTests(ITestOutputHelper output)
{
    private const string Name = DrillRunnerResources.Name;

    [Fact]
    public async Task Crash_schedules_a_pause_and_a_kill_from_the_dashboard_back_to_back_each_show_their_verdict()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var token = timeout.Token;
        // The supervisor's own restarts are put off past the test: whatever comes back, came back because a drill asked.
        await using var app = await CivicTrustApp.StartAsync(token, extraArgs: $"--{NodeSupervisor.RestartDelayKey}=600");
        var notifications = app.App.ResourceNotifications;

        // Explicit start: the runner must not have run on its own.
        Assert.True(notifications.TryGetCurrentState(Name, out var before));
        Assert.Equal(KnownResourceStates.NotStarted, before!.Snapshot.State?.Text);

        var runner = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Name);
        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();

        // A fault that needs network namespaces is refused, and says why; nothing starts.
        var partition = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, Settings("partition", "leader"), token);
        Assert.False(partition.Success);
        Assert.Contains("network namespaces", partition.Message, StringComparison.Ordinal);
        Assert.True(notifications.TryGetCurrentState(Name, out var untouched));
        Assert.Equal(KnownResourceStates.NotStarted, untouched!.Snapshot.State?.Text);

        // 1. Run drill…: a crash schedule. It kills every member (a follower, the other mid-stream, then the leader) and
        // restarts them itself, the followers first and the leader at the end: the supervisor holds each down until the
        // drill's restart command asks for it.
        var pidsBefore = (await app.StatusesAsync(token)).ToDictionary(s => s.Key, s => s.Value.Pid);
        var schedule = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, Settings("lagging-majority", "leader"), token);
        Assert.True(schedule.Success, schedule.Message);
        var lastReport = await ExpectPassedAsync(app, "lagging-majority", lastReport: null, token);
        var whole = await app.WaitForConvergenceAsync(token);
        Assert.Equal(3, whole.Count);
        Assert.All(whole, s => Assert.NotEqual(pidsBefore[s.Key], s.Value.Pid));

        // And kill-all: every member down at once, each held until the drill asks, then the whole cluster back.
        pidsBefore = whole.ToDictionary(s => s.Key, s => s.Value.Pid);
        var all = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, Settings("kill-all", "leader"), token);
        Assert.True(all.Success, all.Message);
        lastReport = await ExpectPassedAsync(app, "kill-all", lastReport, token);
        whole = await app.WaitForConvergenceAsync(token);
        Assert.All(whole, s => Assert.NotEqual(pidsBefore[s.Key], s.Value.Pid));

        // 2. Run drill…: a 2 s pause of the leader.
        var paused = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, Settings("pause", "leader"), token);
        Assert.True(paused.Success, paused.Message);
        lastReport = await ExpectPassedAsync(app, "pause", lastReport, token);

        // Run drill…: a key compromise, with the admin key the AppHost gave the runner (no target: it takes no member).
        var compromise = await commands.ExecuteCommandAsync(runner, DrillCommand.Name, Settings("key-compromise", "leader"), token);
        Assert.True(compromise.Success, compromise.Message);
        lastReport = await ExpectPassedAsync(app, "key-compromise", lastReport, token);

        // 3. The plain Start: the default drill, a kill of the leader. Nothing restarts it within the test: the
        // supervisor's delay is 600 s, and a kill is no schedule that asks.
        await app.WaitForConvergenceAsync(token);
        var started = await commands.ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, token);
        Assert.True(started.Success, started.Message);
        await ExpectPassedAsync(app, "kill", lastReport, token);
        Assert.Equal(2, (await app.StatusesAsync(token)).Count);
    }

    private static InteractionInputCollection Settings(string fault, string target) => new(
    [
        new InteractionInput { Name = DrillCommand.Documents, InputType = InputType.Number, Value = "300" },
        new InteractionInput { Name = DrillCommand.Fault, InputType = InputType.Choice, Value = fault },
        new InteractionInput { Name = DrillCommand.Target, InputType = InputType.Choice, Value = target },
        new InteractionInput { Name = DrillCommand.FaultDuration, InputType = InputType.Number, Value = "2" },
    ]);

    // The row's state is the verdict, styled, with the failover time; the report it names is this fault's and passed.
    private async Task<object> ExpectPassedAsync(CivicTrustApp app, string fault, object? lastReport, CancellationToken token)
    {
        var finished = await app.WaitForDrillVerdictAsync(lastReport, token);
        var properties = finished.Snapshot.Properties.ToDictionary(p => p.Name, p => p.Value);
        var folder = properties[DrillRunnerVerdict.ReportProperty]!;
        var headline = JsonSerializer.Deserialize<DrillReportHeadline>(await File.ReadAllTextAsync(Path.Combine(folder.ToString()!, "drill-report.json"), token))!;
        output.WriteLine($"{fault}: row state '{finished.Snapshot.State?.Text}' ({finished.Snapshot.State?.Style}), exit code {finished.Snapshot.ExitCode}, report {folder}");

        Assert.Equal((fault, "passed"), (headline.Fault, headline.Verdict));
        Assert.Equal(0, finished.Snapshot.ExitCode);
        Assert.Equal($"{DrillRunnerVerdict.Passed} · failover {headline.FailoverDurationMs} ms", finished.Snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Success, finished.Snapshot.State?.Style);
        Assert.True(File.Exists(Path.Combine(folder.ToString()!, "drill-report.html")));
        return folder;
    }
}
