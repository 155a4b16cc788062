using CivicTrust.Contracts;
using CivicTrust.DrillRunner.Ledger;
using CivicTrust.DrillRunner.Tests.Fakes;
using CivicTrust.DrillRunner.Verification;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class AcknowledgedWriteCheckTests
{
    [Fact]
    public async Task Acknowledged_documents_missing_from_the_leader_log_are_lost()
    {
        var ledger = new InMemoryDrillLedger();
        var kept = new string('a', 64);
        var lost = new string('b', 64);
        var aborted = new string('c', 64);
        await ledger.RecordAsync(kept, LedgerState.Acknowledged);
        await ledger.RecordAsync(lost, LedgerState.Acknowledged);
        await ledger.RecordAsync(aborted, LedgerState.Acknowledged);
        IReadOnlyList<LogEntryResponse> leaderLog = [new(1, 1, kept, LogEntryKindNames.Issue), new(2, 1, aborted, LogEntryKindNames.Abort)];

        var missing = await new AcknowledgedWriteCheck(ledger).FindLostAsync(leaderLog);

        Assert.Equal([lost, aborted], missing.Order());
        Assert.Equal(LedgerState.Committed, (await ledger.ReadAllAsync())[kept]);
    }
}
