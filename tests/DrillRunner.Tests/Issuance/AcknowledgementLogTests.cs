using CivicTrust.DrillRunner.Issuance;

namespace CivicTrust.DrillRunner.Tests.Issuance;

public sealed class AcknowledgementLogTests
{
    [Fact]
    public void Write_gap_spans_the_last_ack_before_the_crash_to_the_first_after()
    {
        var log = new AcknowledgementLog();
        foreach (var t in new long[] { 100, 180, 150, 900, 700, 2_000 })
        {
            log.Add(t);
        }

        Assert.Equal(520, log.WriteGap(crashUnixMs: 200));
        Assert.Null(log.WriteGap(crashUnixMs: 50));
        Assert.Null(log.WriteGap(crashUnixMs: 5_000));
    }
}
