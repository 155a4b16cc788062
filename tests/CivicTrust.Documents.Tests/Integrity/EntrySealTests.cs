using CivicTrust.Documents.Integrity;

namespace CivicTrust.Documents.Tests.Integrity;

public sealed class EntrySealTests
{
    private static readonly byte[] Body = DocumentBatch.Encode(
    [
        DocumentCommand.Issue(new string('a', 64), "registry"),
        DocumentCommand.Abort(new string('b', 64)),
    ]);

    [Fact]
    public void A_sealed_entry_opens_to_its_body()
    {
        var payload = EntrySeal.Seal(7, Body);

        Assert.True(EntrySeal.TryOpen(7, payload, out var body, out var damage));
        Assert.Null(damage);
        Assert.Equal(Body, body.ToArray());
        Assert.Equal(Body.Length + EntrySeal.Overhead, payload.Length);
    }

    [Fact]
    public void Every_single_flipped_bit_is_caught()
    {
        var payload = EntrySeal.Seal(3, Body);
        for (var bit = 0; bit < payload.Length * 8; bit++)
        {
            var damaged = (byte[])payload.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.False(EntrySeal.TryOpen(3, damaged, out _, out var damage), $"bit {bit} passed");
            Assert.NotNull(damage);
        }
    }

    [Fact]
    public void A_changed_term_is_caught()
    {
        var payload = EntrySeal.Seal(3, Body);

        Assert.False(EntrySeal.TryOpen(4, payload, out _, out var damage));
        Assert.Contains("checksum mismatch", damage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    public void Zeroed_bytes_are_caught(int length)
    {
        Assert.False(EntrySeal.TryOpen(1, new byte[length], out _, out var damage));
        Assert.NotNull(damage);
    }

    [Fact]
    public void An_unsealed_body_is_caught()
    {
        Assert.False(EntrySeal.TryOpen(1, Body, out _, out var damage));
        Assert.Contains("no seal", damage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_entry_is_caught()
    {
        var payload = EntrySeal.Seal(2, Body);

        Assert.False(EntrySeal.TryOpen(2, payload.AsSpan(0, payload.Length - 1), out _, out _));
    }
}
