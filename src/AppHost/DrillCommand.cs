using System.Globalization;
using CivicTrust.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrust.AppHost;

/// <summary>
/// The dashboard's <b>Run drill…</b> command on the drill-runner: asks for the drill's settings (documents, fault,
/// target, fault duration), then starts the runner with them. The plain Start runs the defaults.
/// </summary>
/// <remarks>
/// The settings reach the runner as the environment of its next start (<c>Drill__Documents</c>, <c>Drill__Fault</c>,
/// <c>Drill__Target</c>, <c>Drill__FaultDuration</c>), taken once: a later plain Start is the default drill again.
/// Only the faults that need nothing but the local nodes are offered: kill (the AppHost brings the node back) and
/// pause (SIGSTOP by pid); partitions and crash schedules need the standalone scripts.
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
            Description = "Run one drill with the settings you choose: documents, fault (kill or pause), target, and how long a pause lasts.",
            IconName = "Play",
            IsHighlighted = true,
            Arguments =
            [
                new InteractionInput { Name = Documents, Label = "Documents", InputType = InputType.Number, Value = Text(DrillSettingDefaults.Documents), Required = true },
                new InteractionInput
                {
                    Name = Fault, Label = "Fault", InputType = InputType.Choice, Value = "kill", Required = true,
                    Options = [new("kill", "kill: SIGKILL the target"), new("pause", "pause: SIGSTOP the target, then SIGCONT")],
                },
                new InteractionInput
                {
                    Name = Target, Label = "Target", InputType = InputType.Choice, Value = "leader", Required = true,
                    Options = [new("leader", "the leader"), new("follower", "a follower")],
                },
                new InteractionInput
                {
                    Name = FaultDuration, Label = "Pause length (seconds)", InputType = InputType.Number, Required = true,
                    Value = Text(DrillSettingDefaults.FaultDurationSeconds),
                },
            ],
            UpdateState = state => state.ResourceSnapshot.State?.Text is { } text
                && (text == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(text))
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

        var fault = arguments.GetString(Fault);
        var target = arguments.GetString(Target);
        if (fault is not ("kill" or "pause") || target is not ("leader" or "follower"))
        {
            return CommandResults.Failure("Fault must be kill or pause, and target leader or follower.");
        }

        next.Set(new Dictionary<string, string>
        {
            ["Drill__Documents"] = documents.ToString(CultureInfo.InvariantCulture),
            ["Drill__Fault"] = fault,
            ["Drill__Target"] = target,
            ["Drill__FaultDuration"] = seconds.ToString(CultureInfo.InvariantCulture),
        });
        var started = await context.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, context.CancellationToken);
        return started.Success
            ? CommandResults.Success($"Drill started: {documents} documents, {fault} of the {target}.")
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
