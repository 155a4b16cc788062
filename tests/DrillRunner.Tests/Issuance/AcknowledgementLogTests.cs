using CivicTrust.Drill.Issuance;

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

    [Fact]
    public void Longest_gap_sees_through_straggler_acknowledgements()
    {
        var log = new AcknowledgementLog();
        foreach (var t in new long[] { 100, 190, 205, 650, 700, 3_000 })
        {
            log.Add(t); // 205: a response already on the wire when the leader died at 200
        }

        Assert.Equal(15, log.WriteGap(crashUnixMs: 200));
        Assert.Equal(445, log.LongestGap(crashUnixMs: 200, untilUnixMs: 800));
        Assert.Equal(2_300, log.LongestGap(crashUnixMs: 200, untilUnixMs: 3_000));
        Assert.Null(new AcknowledgementLog().LongestGap(0, 10));
    }
}
