using System.Security.Cryptography;
using CivicTrust.Documents.Table;

namespace CivicTrust.Documents.Tests.Table;

public sealed class DocumentTableTests
{
    // More than three chunks, and enough rows for the index to grow (and move its rows) many times.
    private const int ManyRows = (3 * DocumentTable.ChunkSize) + 1_234;

    private static DocumentKey KeyOf(int n) => DocumentKey.FromBytes(SHA256.HashData(BitConverter.GetBytes(n)));

    private static DecidedDocument RowOf(int n) => new(KeyOf(n), n + 1, 1 + (n / 1000), n % 26, n % 7 == 0 ? DecidedDocument.Aborted : n % 3);

    [Fact]
    public void Every_row_is_found_while_and_after_the_index_grows_and_nothing_else_is()
    {
        var table = new DocumentTable();
        for (var n = 0; n < ManyRows; n++)
        {
            Assert.Equal(n, table.Add(RowOf(n)));

            // Rows added before and during a growth of the index are found whichever slots hold them now.
            if (n % 997 == 0)
            {
                for (var probe = 0; probe <= n; probe += 1 + (n / 50))
                {
                    Assert.True(table.TryFind(KeyOf(probe), out var row));
                    Assert.Equal(probe, row);
                }
            }
        }

        for (var n = 0; n < ManyRows; n++)
        {
            Assert.True(table.TryFind(KeyOf(n), out var row));
            Assert.Equal(RowOf(n), table[row]);
        }

        Assert.False(table.TryFind(KeyOf(ManyRows), out _));
        Assert.False(table.TryFind(KeyOf(-1), out _));
        Assert.Equal(ManyRows, table.Count);
        Assert.Equal(Enumerable.Range(0, ManyRows).Count(n => n % 7 != 0), table.Committed);
    }

    [Fact]
    public void A_decided_hash_is_not_added_twice()
    {
        var table = new DocumentTable(expectedRows: 10);
        Assert.True(table.TryAdd(RowOf(1), out var first));
        Assert.True(table.TryAdd(RowOf(2), out _));

        Assert.False(table.TryAdd(RowOf(1) with { Index = 99 }, out var again));
        Assert.Equal(first, again);
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table[first].Index);
    }

    [Fact]
    public async Task Rows_below_a_captured_count_read_the_same_on_another_thread_while_rows_are_added()
    {
        var table = new DocumentTable();
        for (var n = 0; n < 1_000; n++)
        {
            table.Add(RowOf(n));
        }

        var captured = table.Count;

        // The snapshot writer reads the captured rows while the apply thread grows the first chunk, the chunk
        // directory and the index underneath it.
        var reader = Task.Run(() =>
        {
            for (var pass = 0; pass < 20; pass++)
            {
                for (var row = 0; row < captured; row++)
                {
                    Assert.Equal(RowOf(row), table[row]);
                }
            }
        });
        for (var n = captured; n < ManyRows; n++)
        {
            table.Add(RowOf(n));
        }

        await reader;
    }

    [Fact]
    public void A_range_adds_every_row_in_order_and_stops_at_a_hash_already_decided()
    {
        var table = new DocumentTable(1000);
        var batch = Enumerable.Range(0, DocumentTable.BatchSize).Select(RowOf).ToArray();

        Assert.Equal(batch.Length, table.AddRange(batch));
        Assert.Equal(batch.Length, table.Count);
        Assert.All(batch, (row, n) => Assert.True(table.TryFind(row.Key, out var found) && found == n));

        // A hash the table holds, and one repeated within the batch: each stops the range just before it.
        DecidedDocument[] again = [RowOf(100), RowOf(101), RowOf(5)];
        Assert.Equal(2, table.AddRange(again));
        Assert.Equal(batch.Length + 2, table.Count);
        DecidedDocument[] twice = [RowOf(200), RowOf(201), RowOf(200) with { Index = 999 }];
        Assert.Equal(2, table.AddRange(twice));
        Assert.Equal(201, table[table.Count - 2].Index);
    }

    [Fact]
    public void A_range_longer_than_a_batch_is_refused()
    {
        var table = new DocumentTable();
        var rows = Enumerable.Range(0, DocumentTable.BatchSize + 1).Select(RowOf).ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => table.AddRange(rows));
        Assert.Equal(0, table.Count);
    }
}
