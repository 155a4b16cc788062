
namespace CivicTrust.Documents.Tests;

public sealed class DocumentRegistrySnapshotTests
{
    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static DocumentRegistry Populated()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.Issue(HashOf(1), "issuer-1"));
        registry.Apply(2, 1, DocumentCommand.Abort(HashOf(2)));
        registry.Apply(3, 2, DocumentCommand.Issue(HashOf(1), "issuer-1"));
        registry.Apply(4, 2, DocumentCommand.Issue(HashOf(2), "late"));
        registry.Apply(5, 2, DocumentCommand.Issue(HashOf(3), "Ünïcødé"));
        registry.Skip(6);
        return registry;
    }

    private static DocumentRegistry RoundTrip(DocumentRegistry source)
    {
        using var buffer = new MemoryStream();
        source.WriteSnapshot(buffer);
        buffer.Position = 0;
        var restored = new DocumentRegistry();
        restored.Apply(1, 1, DocumentCommand.Issue(HashOf(99), "stale state that restore must replace"));
        restored.RestoreSnapshot(buffer);
        return restored;
    }

    [Fact]
    public void Restore_reproduces_records_log_and_counters()
    {
        var source = Populated();
        var restored = RoundTrip(source);

        Assert.Equal(source.Statistics, restored.Statistics);
        Assert.Equal(source.ReadLog(0, 100), restored.ReadLog(0, 100));
        Assert.Equal(source.Find(HashOf(1)), restored.Find(HashOf(1)));
        Assert.Equal(source.Find(HashOf(2)), restored.Find(HashOf(2)));
        Assert.Equal("Ünïcødé", restored.Find(HashOf(3))!.Issuer);
        Assert.Null(restored.Find(HashOf(99)));
    }

    [Fact]
    public void A_restored_registry_keeps_enforcing_the_rules()
    {
        var restored = RoundTrip(Populated());

        Assert.Equal(ApplyOutcome.AlreadyApplied, restored.Apply(6, 2, DocumentCommand.Issue(HashOf(4), "replay")).Outcome);
        Assert.Equal(ApplyOutcome.DuplicateIssue, restored.Apply(7, 3, DocumentCommand.Issue(HashOf(1), "retry")).Outcome);
        Assert.Equal(ApplyOutcome.IssueRefused, restored.Apply(8, 3, DocumentCommand.Issue(HashOf(2), "retry")).Outcome);
        Assert.Equal(ApplyOutcome.Issued, restored.Apply(9, 3, DocumentCommand.Issue(HashOf(4), "new")).Outcome);
    }

    [Fact]
    public void A_captured_snapshot_holds_the_state_of_its_moment_while_applies_go_on()
    {
        var source = Populated();
        var captured = source.CaptureSnapshot();

        // The state machine writes a capture on another thread while the apply thread goes on.
        source.Apply(7, 3, DocumentCommand.Issue(HashOf(4), "after the capture"));
        source.Apply(8, 3, DocumentCommand.Abort(HashOf(5)));
        using var buffer = new MemoryStream();
        captured.WriteTo(buffer);
        buffer.Position = 0;
        var restored = new DocumentRegistry();
        restored.RestoreSnapshot(buffer);

        Assert.Equal(6, captured.LastApplied);
        Assert.Equal(3, captured.Documents);
        Assert.Equal(Populated().Statistics, restored.Statistics);
        Assert.Null(restored.Find(HashOf(4)));
        Assert.Null(restored.Find(HashOf(5)));
    }

    [Fact]
    public void Foreign_bytes_are_refused()
    {
        using var garbage = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Throws<InvalidDataException>(() => new DocumentRegistry().RestoreSnapshot(garbage));
    }
}
