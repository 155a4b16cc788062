using CivicTrust.Drill.Ledger;

namespace CivicTrust.DrillRunner.Tests.Ledger;

public sealed class LedgerTransitionsTests
{
    [Theory]
    [InlineData(null, LedgerState.Submitted, true)]
    [InlineData(LedgerState.Submitted, LedgerState.Acknowledged, true)]
    [InlineData(LedgerState.Submitted, LedgerState.Aborted, true)]
    [InlineData(LedgerState.Acknowledged, LedgerState.Committed, true)]
    [InlineData(LedgerState.Acknowledged, LedgerState.Aborted, false)]
    [InlineData(LedgerState.Acknowledged, LedgerState.Submitted, false)]
    [InlineData(LedgerState.Committed, LedgerState.Acknowledged, false)]
    [InlineData(LedgerState.Aborted, LedgerState.Committed, false)]
    public void Evidence_is_only_ever_confirmed(LedgerState? current, LedgerState next, bool allowed) =>
        Assert.Equal(allowed, LedgerTransitions.Allows(current, next));

    [Fact]
    public async Task The_redis_ledger_keeps_an_acknowledgement_and_reports_the_contradiction()
    {
        // The product's own embedded RESP server, as the CLI starts it when no --ledger is given.
        await using var ledgers = new LedgerConnector();
        var ledger = await ledgers.ConnectAsync(connectionString: null, "transitions");
        var hash = new string('d', 64);

        await ledger.RecordAsync(hash, LedgerState.Submitted);
        await ledger.RecordAsync(hash, LedgerState.Acknowledged);
        await ledger.RecordAsync(hash, LedgerState.Aborted);
        await ledger.RecordAsync(hash, LedgerState.Submitted);

        Assert.Equal(LedgerState.Acknowledged, (await ledger.ReadAllAsync())[hash]);
        Assert.Contains(hash, Assert.Single(ledger.Contradictions), StringComparison.Ordinal);
    }
}
