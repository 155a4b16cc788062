using CivicTrust.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Cluster;

/// <summary>
/// <c>CivicTrust:ClusterSize=5</c>: the AppHost starts five members that know each other, its drill runner drills all
/// five, and the supervisor brings the killed leader back.
/// </summary>
public sealed class FiveMemberAppHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_members_elect_one_leader_and_the_drill_runner_resource_passes_a_leader_kill()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var token = timeout.Token;
        await using var app = await CivicTrustApp.StartAsync(token, extraArgs: "--CivicTrust:ClusterSize=5");
        Assert.Equal(["node-a", "node-b", "node-c", "node-d", "node-e"], app.NodeNames);

        var leader = await app.WaitForAgreedLeaderAsync(expectedNodes: 5, token);
        var before = await app.StatusesAsync(token);
        output.WriteLine($"leader {leader.NodeId} in term {leader.Term}");
        Assert.All(before.Values, status => Assert.Equal(5, status.Members));

        var runner = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == DrillRunnerResources.Name);
        var started = await app.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(runner, KnownResourceCommands.StartCommand, token);
        Assert.True(started.Success, started.Message);
        var finished = await app.WaitForDrillVerdictAsync(lastReport: null, token);
        var properties = finished.Snapshot.Properties.ToDictionary(p => p.Name, p => p.Value);
        output.WriteLine($"drill: exit code {finished.Snapshot.ExitCode}, verdict {properties[DrillRunnerVerdict.VerdictProperty]}, " +
            $"failover {properties[DrillRunnerVerdict.FailoverProperty]} ms, report {properties[DrillRunnerVerdict.ReportProperty]}");
        Assert.Equal(0, finished.Snapshot.ExitCode);
        Assert.StartsWith("passed", properties[DrillRunnerVerdict.VerdictProperty]?.ToString(), StringComparison.Ordinal);

        // The supervisor restarted the killed leader: all five answer, with the same applied index, one in a new process.
        var whole = await app.WaitForConvergenceAsync(token);
        Assert.Equal(5, whole.Count);
        Assert.Contains(whole, s => s.Value.Pid != before[s.Key].Pid);
    }
}
