using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrust.AppHost;

/// <summary>
/// The dashboard's <b>Run drill…</b> command on the drill-runner: asks for the drill's settings (documents, fault,
/// target, fault duration), then starts the runner with them. The plain Start runs the defaults.
/// </summary>
/// <remarks>
/// The settings reach the runner as the environment of its next start (<c>Drill__Documents</c>, <c>Drill__Fault</c>,
/// <c>Drill__Target</c>, <c>Drill__FaultDuration</c>, <c>Drill__RestartCommand</c>), taken once: a later plain Start is
/// the default drill again. Every fault of the catalogue is offered; those the AppHost cannot run say why
/// (<see cref="DashboardFaults"/>). A crash schedule restarts members itself: the supervisor holds its victims down
/// until it asks (<see cref="NodeHolds"/>).
/// </remarks>
public static class DrillCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "run-drill";

    /// <summary>Argument names.</summary>
    public const string Documents = "documents", Fault = "fault", Target = "target", FaultDuration = "faultDuration";

    /// <summary>Adds the command and the environment callback that hands its settings to the next start.</summary>
    public static IResourceBuilder<ProjectResource> WithDrillCommand(this IResourceBuilder<ProjectResource> runner)
    {
        var next = new NextDrill();
        runner.WithEnvironment(context =>
        {
            foreach (var (key, value) in next.Take())
            {
                context.EnvironmentVariables[key] = value;
            }
        });
        return runner.WithCommand(Name, "Run drill…", context => ExecuteAsync(runner.Resource, next, context), new CommandOptions
        {
            Description = "Run one drill with the settings you choose: documents, fault (any of the catalogue this AppHost can run, crash schedules included), target, and how long a pause lasts.",
            IconName = "Play",
            IsHighlighted = true,
            Arguments =
            [
                new InteractionInput { Name = Documents, Label = "Documents", InputType = InputType.Number, Value = Text(DrillSettingDefaults.Documents), Required = true },
                new InteractionInput
                {
                    Name = Fault, Label = "Fault", InputType = InputType.Choice, Value = DrillFaults.Kill.Name, Required = true, Options = DashboardFaults.Choices(),
                },
                new InteractionInput
                {
                    Name = Target, Label = "Target", InputType = InputType.Choice, Value = "leader", Required = true,
                    Options = DashboardFaults.Targets(),
                },
                new InteractionInput
                {
                    Name = FaultDuration, Label = "Pause length (seconds)", InputType = InputType.Number, Required = true,
                    Value = Text(DrillSettingDefaults.FaultDurationSeconds),
                },
            ],
            UpdateState = state => state.ResourceSnapshot.State?.Text is { } text
                && (text == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(text) || DrillRunnerVerdict.IsVerdict(text))
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(ProjectResource runner, NextDrill next, ExecuteCommandContext context)
    {
        var arguments = context.Arguments;
        if (!int.TryParse(arguments.GetString(Documents), NumberStyles.None, CultureInfo.InvariantCulture, out var documents) || !DrillSettingDefaults.DocumentsRange.Contains(documents))
        {
            return CommandResults.Failure($"Documents must be a whole number from {Text(DrillSettingDefaults.DocumentsRange.Min)} to {Text(DrillSettingDefaults.DocumentsRange.Max)}.");
        }

        if (!int.TryParse(arguments.GetString(FaultDuration), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !DrillSettingDefaults.FaultDurationSecondsRange.Contains(seconds))
        {
            return CommandResults.Failure(
                $"The pause length must be a whole number of seconds from {Text(DrillSettingDefaults.FaultDurationSecondsRange.Min)} to {Text(DrillSettingDefaults.FaultDurationSecondsRange.Max)}.");
        }

        if (!DrillFaults.TryParse(arguments.GetString(Fault) ?? string.Empty, out var fault))
        {
            return CommandResults.Failure($"Fault must be one of {string.Join(", ", DrillFaults.Names)}.");
        }

        if (DashboardFaults.WhyNot(fault) is { } whyNot)
        {
            return CommandResults.Failure($"{fault.Name} cannot run from the dashboard: {whyNot}.");
        }

        var target = arguments.GetString(Target);
        if (!DrillTargets.TryParse(target, out var aimedAt))
        {
            return CommandResults.Failure("Target must be leader, follower, majority or all.");
        }

        // The dialog always names a target: the leader, its default, stands for "none" with a fault that picks its own.
        if ((fault.Targets != FaultTargets.None || aimedAt != DrillTarget.Leader) && DrillTargets.WhyNot(fault, aimedAt) is { } why)
        {
            return CommandResults.Failure(fault.Targets == FaultTargets.None ? $"{why}: leave Target at the leader." : $"{why}.");
        }

        var restarts = fault.Needs.HasFlag(FaultNeeds.Restarter);
        if (restarts && !NodeSupervisor.IsEnabled(context.Services.GetRequiredService<IConfiguration>()))
        {
            return CommandResults.Failure($"{fault.Name} restarts the members it kills, through the AppHost's supervisor, which {NodeSupervisor.EnabledKey} turned off.");
        }

        var settings = new Dictionary<string, string>
        {
            ["Drill__Documents"] = documents.ToString(CultureInfo.InvariantCulture),
            ["Drill__Fault"] = fault.Name,
            ["Drill__FaultDuration"] = seconds.ToString(CultureInfo.InvariantCulture),
        };
        if (fault.Targets != FaultTargets.None)
        {
            settings["Drill__Target"] = target!;
        }

        var holds = context.Services.GetRequiredService<NodeHolds>();
        if (restarts)
        {
            settings["Drill__RestartCommand"] = holds.RestartCommand;
            holds.Begin();
        }

        next.Set(settings);
        var started = await context.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, context.CancellationToken);
        if (!started.Success && restarts)
        {
            holds.End();
        }

        var on = fault.Targets == FaultTargets.None ? "its own schedule" : $"the {target}";
        return started.Success
            ? CommandResults.Success($"Drill started: {documents} documents, {fault.Name} of {on}.")
            : CommandResults.Failure($"The drill runner did not start: {started.Message}");
    }

    // The settings of the next start, handed over once.
    private sealed class NextDrill
    {
        private Dictionary<string, string>? _settings;

        public void Set(Dictionary<string, string> settings) => Interlocked.Exchange(ref _settings, settings);

        public Dictionary<string, string> Take() => Interlocked.Exchange(ref _settings, null) ?? [];
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
