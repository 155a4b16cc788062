namespace CivicTrust.Documents.Tests;

public sealed class DocumentRegistryKeyTests
{
    private static readonly string LeakedKey = new('a', 64), SecondKey = new('b', 64);
    private static readonly ulong Leaked = IssuerKeyId.Of(LeakedKey), Second = IssuerKeyId.Of(SecondKey);

    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void After_a_revocation_no_write_of_the_key_is_applied_and_what_it_wrote_before_stays()
    {
        var registry = new DocumentRegistry();
        Assert.Equal(ApplyOutcome.KeyAdded, registry.Apply(1, 1, DocumentCommand.AddKey(LeakedKey, "city-hall")).Outcome);
        Assert.Equal(ApplyOutcome.Issued, registry.Apply(2, 1, DocumentCommand.Issue(HashOf(1), "city-hall", Leaked)).Outcome);

        var revoked = registry.Apply(3, 1, DocumentCommand.RevokeKey(LeakedKey, "city-hall"));
        Assert.Equal((ApplyOutcome.KeyRevoked, 3L), (revoked.Outcome, revoked.Key!.RevokedIndex));

        // Written after the revocation (checked before it, logged after it): refused, and left undecided.
        var late = registry.Apply(4, 2, DocumentCommand.Issue(HashOf(2), "city-hall", Leaked));
        Assert.Equal(ApplyOutcome.RevokedKeyRefused, late.Outcome);
        Assert.Null(registry.Find(HashOf(2)));
        Assert.Equal(ApplyOutcome.RevokedKeyRefused, registry.Apply(5, 2, DocumentCommand.Abort(HashOf(1), Leaked)).Outcome);

        Assert.Equal(DocumentStatus.Committed, registry.Find(HashOf(1))?.Status);
        Assert.Equal(ApplyOutcome.Issued, registry.Apply(6, 2, DocumentCommand.Issue(HashOf(2), "city-hall", Second)).Outcome);
        Assert.Equal(ApplyOutcome.Issued, registry.Apply(7, 2, DocumentCommand.Issue(HashOf(3), "city-hall")).Outcome); // anonymous
        Assert.Equal(3, registry.Statistics.Documents);
    }

    [Fact]
    public void Within_one_entry_the_revocation_refuses_every_write_of_its_key_before_it_or_after_it()
    {
        var registry = new DocumentRegistry();
        var results = registry.ApplyBatch(1, 1,
        [
            DocumentCommand.Issue(HashOf(1), "city-hall", Leaked),
            DocumentCommand.RevokeKey(LeakedKey, "city-hall"),
            DocumentCommand.Issue(HashOf(2), "city-hall", Leaked),
        ]);

        Assert.Equal([ApplyOutcome.RevokedKeyRefused, ApplyOutcome.KeyRevoked, ApplyOutcome.RevokedKeyRefused], results.Select(r => r.Outcome));
        Assert.Equal(1, results[0].Key?.RevokedIndex);
    }

    [Fact]
    public void A_revoked_key_is_never_admitted_again_and_a_key_writes_for_one_issuer()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.RevokeKey(LeakedKey, "city-hall")); // a configured key: revoked, never admitted
        Assert.Equal(ApplyOutcome.KeyRefused, registry.Apply(2, 1, DocumentCommand.AddKey(LeakedKey, "city-hall")).Outcome);
        Assert.Equal((ApplyOutcome.KeyUnchanged, 1L), (registry.Apply(3, 1, DocumentCommand.RevokeKey(LeakedKey, "city-hall")) is var again ? again.Outcome : default, again.Key!.RevokedIndex));

        registry.Apply(4, 1, DocumentCommand.AddKey(SecondKey, "city-hall"));
        Assert.Equal(ApplyOutcome.KeyUnchanged, registry.Apply(5, 1, DocumentCommand.AddKey(SecondKey, "city-hall")).Outcome);
        Assert.Equal(ApplyOutcome.KeyRefused, registry.Apply(6, 1, DocumentCommand.AddKey(SecondKey, "registry")).Outcome);

        Assert.Equal(
            [new IssuerKeyEntry(LeakedKey, "city-hall", 0, 1), new IssuerKeyEntry(SecondKey, "city-hall", 4, 0)],
            registry.Keys.Entries);
    }

    [Fact]
    public void Replaying_an_applied_key_entry_changes_nothing()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.AddKey(SecondKey, "city-hall"));
        registry.Apply(2, 1, DocumentCommand.RevokeKey(SecondKey, "city-hall"));

        Assert.Equal(ApplyOutcome.AlreadyApplied, registry.Apply(1, 1, DocumentCommand.AddKey(SecondKey, "city-hall")).Outcome);
        Assert.Equal(2, registry.Keys.Find(SecondKey)?.RevokedIndex);
    }

    [Fact]
    public void Keys_survive_a_whole_snapshot()
    {
        var registry = new DocumentRegistry();
        registry.Apply(1, 1, DocumentCommand.AddKey(SecondKey, "Ünïcødé issuer"));
        registry.Apply(2, 1, DocumentCommand.Issue(HashOf(1), "Ünïcødé issuer", Second));
        registry.Apply(3, 1, DocumentCommand.RevokeKey(LeakedKey, "city-hall"));
        using var buffer = new MemoryStream();
        registry.WriteSnapshot(buffer);
        buffer.Position = 0;

        var restored = new DocumentRegistry();
        restored.RestoreSnapshot(buffer);

        Assert.Equal(registry.Keys.Entries, restored.Keys.Entries);
        Assert.Equal(ApplyOutcome.RevokedKeyRefused, restored.Apply(4, 1, DocumentCommand.Issue(HashOf(2), "city-hall", Leaked)).Outcome);
        Assert.Equal(DocumentStatus.Committed, restored.Find(HashOf(1))?.Status);
    }
}
