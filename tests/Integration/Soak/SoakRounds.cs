using CivicTrust.Drill;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Soak;

/// <summary>Drills back to back on one cluster, each leaving it whole for the next; every failure is kept, not just the first.</summary>
internal static class SoakRounds
{
    /// <summary>
    /// Runs <paramref name="rounds"/> drills of <paramref name="documents"/> documents each, with the options
    /// <paramref name="optionsOf"/> gives for each round (from 1); returns one line per failed round.
    /// </summary>
    public static async Task<List<string>> RunAsync(
        ScriptedCluster cluster, int rounds, int documents, Func<int, DrillOptions> optionsOf, ITestOutputHelper output, CancellationToken token)
    {
        var failures = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            var options = optionsOf(round);
            var result = await cluster.DrillAsync(options, documents, output, token);
            var what = $"{options.Fault.Name} of {options.Target.ToString().ToLowerInvariant()}";
            output.WriteLine($"round {round} ({what}): {(result.Passed ? "passed" : "FAILED")}, failover {result.FailoverDurationMs} ms, {result.LostAcknowledged} lost");
            if (!result.Passed)
            {
                failures.Add($"round {round} ({what}): {DrillReport.Summary(result)}");
            }

            await cluster.WaitForLeaderAsync(token);
        }

        return failures;
    }
}
