using System.Buffers.Binary;

namespace CivicTrust.Documents.Tests;

public sealed class DocumentBatchTests
{
    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_batch_round_trips_its_commands_in_order()
    {
        DocumentCommand[] commands = [DocumentCommand.Issue(HashOf(1), "Ministère"), DocumentCommand.Abort(HashOf(2)), DocumentCommand.Issue(HashOf(1), "")];

        var payload = DocumentBatch.Encode(commands);

        Assert.Equal(DocumentBatch.Marker, payload[0]);
        Assert.Equal(commands, DocumentBatch.Decode(payload));
    }

    [Fact]
    public void One_command_keeps_the_single_command_layout_so_older_logs_read_the_same()
    {
        var command = DocumentCommand.Issue(HashOf(7), "issuer");

        Assert.Equal(command.Encode(), DocumentBatch.Encode([command]));
        Assert.Equal([command], DocumentBatch.Decode(command.Encode()));
    }

    [Fact]
    public void Corrupt_batches_are_refused()
    {
        var payload = DocumentBatch.Encode([DocumentCommand.Issue(HashOf(1), "a"), DocumentCommand.Issue(HashOf(2), "b")]);

        Assert.Throws<FormatException>(() => DocumentBatch.Decode(payload.AsSpan(0, payload.Length - 1)));
        Assert.Throws<FormatException>(() => DocumentBatch.Decode([.. payload, 0]));
        Assert.Throws<FormatException>(() => DocumentBatch.Decode(payload.AsSpan(0, 2)));
        Assert.Throws<FormatException>(() => DocumentBatch.Decode([]));

        var wrongCount = payload.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(wrongCount.AsSpan(1), 3);
        Assert.Throws<FormatException>(() => DocumentBatch.Decode(wrongCount));
        BinaryPrimitives.WriteUInt16LittleEndian(wrongCount.AsSpan(1), 0);
        Assert.Throws<FormatException>(() => DocumentBatch.Decode(wrongCount));
    }

    [Fact]
    public void An_empty_batch_cannot_be_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentBatch.Encode([]));
    }
}
