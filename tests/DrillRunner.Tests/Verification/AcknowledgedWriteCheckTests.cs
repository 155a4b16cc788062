using CivicTrust.Contracts;
using CivicTrust.Drill.Ledger;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Verification;

public sealed class AcknowledgedWriteCheckTests
{
    private static readonly string Kept = new('a', 64);
    private static readonly string Lost = new('b', 64);
    private static readonly string Aborted = new('c', 64);

    [Fact]
    public async Task Acknowledged_documents_missing_from_the_leader_log_are_lost()
    {
        var ledger = await LedgerWithAcknowledgedAsync(Kept, Lost, Aborted);
        IReadOnlyList<LogEntryResponse> leaderLog = [new(1, 1, Kept, LogEntryKindNames.Issue), new(2, 1, Aborted, LogEntryKindNames.Abort)];

        var missing = AcknowledgedWriteCheck.FindLost(await ledger.ReadAllAsync(), new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["leader"] = leaderLog });

        Assert.Equal([$"{Lost} (missing on leader)", $"{Aborted} (missing on leader)"], missing.Order(StringComparer.Ordinal));
        // A check writes nothing: the ledger keeps what the client was told.
        Assert.Equal(LedgerState.Acknowledged, (await ledger.ReadAllAsync())[Kept]);
    }

    [Fact]
    public async Task A_document_missing_on_one_member_only_is_lost_and_names_that_member()
    {
        // A follower that came back without an entry it acknowledged: the leader still has it, the follower does
        // not, and the next majority may be built on the follower's log.
        var ledger = await LedgerWithAcknowledgedAsync(Kept, Lost);
        var logs = new Dictionary<string, IReadOnlyList<LogEntryResponse>>
        {
            ["node-a"] = [new(1, 1, Kept, LogEntryKindNames.Issue), new(2, 1, Lost, LogEntryKindNames.Issue)],
            ["node-b"] = [new(1, 1, Kept, LogEntryKindNames.Issue)],
            ["node-c"] = [new(1, 1, Kept, LogEntryKindNames.Issue), new(2, 1, Lost, LogEntryKindNames.Issue)],
        };

        var missing = AcknowledgedWriteCheck.FindLost(await ledger.ReadAllAsync(), logs);

        Assert.Equal([$"{Lost} (missing on node-b)"], missing);
        Assert.Equal(LedgerState.Acknowledged, (await ledger.ReadAllAsync())[Lost]);
    }

    [Fact]
    public async Task A_document_the_tracker_found_committed_is_checked_too()
    {
        var ledger = await LedgerWithAcknowledgedAsync(Kept);
        await ledger.RecordAsync(Kept, LedgerState.Committed);

        var missing = AcknowledgedWriteCheck.FindLost(await ledger.ReadAllAsync(), new Dictionary<string, IReadOnlyList<LogEntryResponse>> { ["node-a"] = [] });

        Assert.Equal([$"{Kept} (missing on node-a)"], missing);
    }

    private static async Task<InMemoryDrillLedger> LedgerWithAcknowledgedAsync(params string[] hashes)
    {
        var ledger = new InMemoryDrillLedger();
        foreach (var hash in hashes)
        {
            await ledger.RecordAsync(hash, LedgerState.Acknowledged);
        }

        return ledger;
    }
}
