using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.Integration.Standalone;
using Xunit.Abstractions;

namespace CivicTrust.Integration.Security;

/// <summary>
/// <c>--fault key-compromise</c> on three real node processes: mid-load the drill revokes the issuer key the load has
/// been writing with, a second key carries the load on, and every criterion holds, <c>no_write_after_revocation</c>
/// among them: every member refuses the key from the revocation's index on, and nothing it wrote is lost.
/// </summary>
public sealed class KeyCompromiseDrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_key_revoked_mid_load_writes_nothing_more_on_any_member_and_the_drill_passes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var cluster = await LocalCluster.StartAsync(token);
        var options = new DrillOptions { Fault = DrillFaults.Named("key-compromise"), DocumentsPerSecond = 500 };

        var result = await cluster.DrillAsync(options, 2000, output, token);

        Assert.True(result.Passed, DrillReport.Summary(result));
        Assert.Contains(result.Criteria, c => c.Id == DrillCriteria.NoWriteAfterRevocation && c.Passed);
        Assert.Equal(0, result.LostAcknowledged);
        Assert.Equal(result.OldLeaderId, result.NewLeaderId); // nothing took a member away
    }
}
