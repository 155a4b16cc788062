using System.Diagnostics;
using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using Spectre.Console;

namespace CivicTrust.DrillRunner.Cli;

/// <summary>
/// What a person at a terminal sees while a drill runs: the phase, documents submitted and acknowledged (with the
/// acknowledgement rate, which drops to zero at the crash and comes back with the new leader), and the leader the
/// members report; then the criteria as a coloured table. CI logs and <c>--json</c> get the plain lines instead.
/// </summary>
public static class DrillLiveView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LeaderPoll = TimeSpan.FromSeconds(1);

    /// <summary>Whether to draw: a terminal on stdout, and stdout not taken by <c>--json</c>.</summary>
    public static bool IsWanted(DrillSettings settings) =>
        !settings.Json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="run"/> while drawing <paramref name="drill"/>'s progress.</summary>
    public static async Task<DrillResult> RunAsync(NodeCrashDrill drill, DrillSettings settings, Func<Task<DrillResult>> run, CancellationToken token)
    {
        using var http = DrillHttp.Create(settings.ClusterCa, TimeSpan.FromSeconds(100));
        var clients = settings.Nodes.Select(n => new HttpNodeClient(http, n, TimeSpan.FromMilliseconds(500), settings.ApiKey)).ToList();
        var work = run();
        var clock = Stopwatch.StartNew();
        var (lastAcked, lastAt) = (0, TimeSpan.Zero);
        var rate = 0d;
        var leader = "-";
        TimeSpan? leaderAt = null;
        await AnsiConsole.Live(Render(drill, settings, clock.Elapsed, rate, leader)).AutoClear(false).StartAsync(async live =>
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(Refresh, token));
                var now = clock.Elapsed;
                var acked = drill.Load.Acknowledged;
                rate = (acked - lastAcked) / Math.Max(0.001, (now - lastAt).TotalSeconds);
                (lastAcked, lastAt) = (acked, now);
                if (leaderAt is null || now - leaderAt >= LeaderPoll)
                {
                    leaderAt = now;
                    leader = await LeaderAsync(clients, token);
                }

                live.UpdateTarget(Render(drill, settings, now, rate, leader));
            }
        });
        return await work;
    }

    /// <summary>The verdict and the criteria as a table, green for pass and red for fail.</summary>
    public static void WriteVerdict(DrillResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(result.Passed ? "[bold green]drill PASSED[/]" : "[bold red]drill FAILED[/]")
            .AddColumn("criterion").AddColumn("measured").AddColumn("need").AddColumn("result");
        foreach (var c in result.Criteria)
        {
            table.AddRow(Markup.Escape(c.Id), Markup.Escape(c.Measured), Markup.Escape(c.Threshold), c.Passed ? "[green]PASS[/]" : "[bold red]FAIL[/]");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{result.Fault} {result.OldLeaderId}: new leader {result.NewLeaderId ?? "none"} after {Ms(result.FailoverDurationMs)}, recovery {Ms(result.RecoveryDurationMs)}, write gap {Ms(result.WriteGapMs)}; " +
            $"{result.DocumentsSubmitted} submitted, {result.DocumentsAcknowledged} acknowledged, in flight {result.InflightCommitted} committed / {result.InflightAborted} aborted / {result.InflightPending} pending"));
        foreach (var error in result.Errors)
        {
            AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(error));
        }
    }

    private static Table Render(NodeCrashDrill drill, DrillSettings settings, TimeSpan elapsed, double rate, string leader)
    {
        var load = drill.Load;
        return new Table().Border(TableBorder.Rounded).HideHeaders()
            .Title($"[bold]drill {Markup.Escape(drill.RunId)}[/] [grey]({Markup.Escape(settings.Fault.Name)}{(settings.Fault.Targets == FaultTargets.None ? string.Empty : $" of the {settings.Target.ToString().ToLowerInvariant()}")})[/]")
            .AddColumn("what").AddColumn("now")
            .AddRow("phase", $"[yellow]{Markup.Escape(drill.Phase)}[/]")
            .AddRow("elapsed", elapsed.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture))
            .AddRow("documents", $"{load.Submitted} submitted of {settings.Documents}, {load.Acknowledged} acknowledged")
            .AddRow("acknowledged/s", rate < 1 && load.Submitted > load.Acknowledged ? "[red]0[/]" : rate.ToString("0", CultureInfo.InvariantCulture))
            .AddRow("leader", Markup.Escape(leader));
    }

    // The leader most members name, asked directly: the view shows what the cluster says, not what the drill assumes.
    private static async Task<string> LeaderAsync(List<HttpNodeClient> clients, CancellationToken token)
    {
        var answers = await Task.WhenAll(clients.Select(async c =>
        {
            try
            {
                return await c.GetStatusAsync(token);
            }
            catch (NodeUnreachableException)
            {
                return null;
            }
        }));
        var statuses = answers.OfType<ClusterStatusResponse>().ToList();
        var leaders = statuses.Where(s => s.Role == ClusterRoleNames.Leader).Select(s => $"{s.NodeId} (term {s.Term})").ToList();
        var down = clients.Count - statuses.Count;
        return (leaders.Count == 0 ? "none (election under way)" : string.Join(", ", leaders)) + (down > 0 ? $"; {down} member(s) not answering" : string.Empty);
    }

    private static string Ms(long? ms) => ms is { } value ? value.ToString(CultureInfo.InvariantCulture) + " ms" : "-";
}
