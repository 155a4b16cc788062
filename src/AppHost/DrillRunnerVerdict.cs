using System.Text.Json;
using CivicTrust.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CivicTrust.AppHost;

/// <summary>
/// Puts the last drill's verdict on the drill-runner row: its state becomes the verdict, styled (<c>Passed</c> in green,
/// <c>Failed</c> in red, with the failover time), and the properties keep the verdict, failover and report folder. The
/// dashboard's Resources page answers "did the last drill pass, and where is its report" without opening a log.
/// </summary>
public sealed class DrillRunnerVerdict(ResourceNotificationService notifications, string reportsRoot, ILogger<DrillRunnerVerdict> logger) : BackgroundService
{
    /// <summary>Property names shown on the resource.</summary>
    public const string VerdictProperty = "civictrust.drill.verdict", FailoverProperty = "civictrust.drill.failover_ms", ReportProperty = "civictrust.drill.report";

    /// <summary>The row's state after a drill that passed.</summary>
    public const string Passed = "Passed";

    /// <summary>The row's state after a drill that failed a criterion.</summary>
    public const string Failed = "Failed";

    /// <summary>The row's state after a drill that could not run (its report says why).</summary>
    public const string CouldNotRun = "Could not run";

    /// <summary>Whether <paramref name="state"/> is a verdict this service put on the row (the runner is idle then).</summary>
    public static bool IsVerdict(string? state) =>
        state is not null && (state.StartsWith(Passed, StringComparison.Ordinal) || state.StartsWith(Failed, StringComparison.Ordinal) || state == CouldNotRun);

    /// <summary>The row's state for <paramref name="headline"/>: the verdict, styled, with the failover time when there was one.</summary>
    public static ResourceStateSnapshot StateOf(DrillReportHeadline headline)
    {
        var failover = headline.FailoverDurationMs is { } ms ? $" · failover {ms} ms" : string.Empty;
        return headline.Verdict switch
        {
            "passed" => new(Passed + failover, KnownResourceStateStyles.Success),
            "failed" => new(Failed + failover, KnownResourceStateStyles.Error),
            _ => new(CouldNotRun, KnownResourceStateStyles.Warn),
        };
    }

    /// <summary>Adds the service for <paramref name="runner"/>, whose reports go to <c>drill-reports/</c> in its project folder.</summary>
    public static void AddTo(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> runner)
    {
        var projectDirectory = Path.GetDirectoryName(runner.Resource.GetProjectMetadata().ProjectPath)!;
        builder.Services.AddHostedService(services => new DrillRunnerVerdict(
            services.GetRequiredService<ResourceNotificationService>(), Path.Combine(projectDirectory, "drill-reports"),
            services.GetRequiredService<ILogger<DrillRunnerVerdict>>()));
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? startedUtc = null;
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (update.Resource.Name != DrillRunnerResources.Name)
            {
                continue;
            }

            var state = update.Snapshot.State?.Text;
            if (state == KnownResourceStates.Running && startedUtc is null)
            {
                startedUtc = DateTime.UtcNow.AddSeconds(-5); // the report's folder is made by the run itself, after start
            }
            else if (KnownResourceStates.TerminalStates.Contains(state) && startedUtc is { } since)
            {
                startedUtc = null;
                if (Newest(since) is { } report)
                {
                    await PublishAsync(update, report);
                }
            }
        }
    }

    private (DrillReportHeadline Headline, string Folder)? Newest(DateTime sinceUtc)
    {
        var newest = Directory.Exists(reportsRoot)
            ? new DirectoryInfo(reportsRoot).EnumerateFiles("drill-report.json", SearchOption.AllDirectories)
                .Where(f => f.LastWriteTimeUtc >= sinceUtc).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
            : null;
        if (newest is null)
        {
            return null;
        }

        try
        {
            var headline = JsonSerializer.Deserialize<DrillReportHeadline>(File.ReadAllText(newest.FullName));
            return headline is null ? null : (headline, newest.DirectoryName!);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            logger.LogWarning("The drill's report {Report} could not be read: {Error}", newest.FullName, e.Message);
            return null;
        }
    }

    private Task PublishAsync(ResourceEvent update, (DrillReportHeadline Headline, string Folder) report) =>
        notifications.PublishUpdateAsync(update.Resource, update.ResourceId, snapshot => snapshot with
        {
            State = StateOf(report.Headline),
            Properties =
            [
                .. snapshot.Properties.Where(p => p.Name is not (VerdictProperty or FailoverProperty or ReportProperty)),
                new ResourcePropertySnapshot(VerdictProperty, $"{report.Headline.Verdict} ({report.Headline.Fault}, run {report.Headline.RunId})"),
                new ResourcePropertySnapshot(FailoverProperty, report.Headline.FailoverDurationMs),
                new ResourcePropertySnapshot(ReportProperty, report.Folder),
            ],
        });
}
