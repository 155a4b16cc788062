using System.Security.Cryptography;

namespace CivicTrust.Documents.Table;

/// <summary>
/// Every decided hash, as rows of <see cref="DecidedDocument"/> in the order they were decided, with an open-addressed
/// index from hash to row. Rows are only ever appended and never change: a hash is decided once (the first terminal
/// entry wins), so the rows are at once the lookup table, the state-changing log (they arrive in index order) and the
/// snapshot's content. That is what makes a snapshot a prefix: capturing one is reading <see cref="Count"/>.
/// </summary>
/// <remarks>
/// About 56 bytes per row and 11-21 per index slot, against about 370 bytes per document for the dictionary of records
/// and the list of entry objects this replaced (bench/RegistrySize). Rows live in chunks of <see cref="ChunkSize"/>
/// that never move once full, so growth never copies the whole table and a reader on another thread keeps a valid
/// view of every row below the count it captured. Not thread-safe for writers: the registry's lock serialises them.
/// </remarks>
internal sealed class DocumentTable
{
    /// <summary>Rows per chunk: 65,536 rows of 56 bytes, 3.7 MB.</summary>
    public const int ChunkSize = 1 << ChunkBits;

    private const int ChunkBits = 16;
    private const int FirstChunkRows = 64;

    private readonly ulong _seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private DecidedDocument[][] _chunks = [new DecidedDocument[FirstChunkRows]];
    private int _count;
    private int _committed;

    // Per slot: row number + 1 in the low 32 bits (0: an empty slot), and 32 bits of the key's mix in the high ones, so
    // a probe compares a row's key only when those match. Without them each probe read a random row (a cache miss),
    // and a restore of 10 million documents took 7 s. A power of two, at most three quarters full.
    private ulong[] _slots = new ulong[FirstChunkRows * 2];

    // While the index grows, the slots it outgrew: they still find every row below _unmoved's end, and each add moves
    // a few of those rows into the new slots. Rebuilding the index at once stalled the apply thread (88 ms at
    // 800,000 rows, and it grows with N); this way no add pays for more than MovesPerAdd rows.
    private ulong[]? _outgrown;
    private int _moved;
    private int _toMove;

    /// <summary>An empty table.</summary>
    public DocumentTable()
    {
    }

    /// <summary>An empty table with its index sized for <paramref name="expectedRows"/>, so filling it never grows the index.</summary>
    public DocumentTable(int expectedRows)
    {
        _slots = new ulong[Math.Max(_slots.Length, (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, expectedRows) * 4 / 3 + 1)))];
    }

    /// <summary>The issuer names the rows refer to.</summary>
    public IssuerTable Issuers { get; } = new();

    /// <summary>How many hashes are decided.</summary>
    public int Count => _count;

    /// <summary>How many of them are committed (issued); the rest are aborted.</summary>
    public int Committed => _committed;

    /// <summary>The row numbered <paramref name="row"/> (below <see cref="Count"/>).</summary>
    public ref readonly DecidedDocument this[int row] => ref _chunks[row >> ChunkBits][row & (ChunkSize - 1)];

    /// <summary>The row that decided <paramref name="key"/>, if any did.</summary>
    public bool TryFind(in DocumentKey key, out int row) =>
        TryFind(_slots, key, out row) || (_outgrown is { } outgrown && TryFind(outgrown, key, out row));

    private bool TryFind(ulong[] slots, in DocumentKey key, out int row)
    {
        var mix = key.Mix(_seed);
        var mask = slots.Length - 1;
        for (var slot = SlotOf(mix, mask); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                row = -1;
                return false;
            }

            if ((entry >> 32) == Fingerprint(mix) && this[(int)(uint)entry - 1].Key.Equals(key))
            {
                row = (int)(uint)entry - 1;
                return true;
            }
        }
    }

    // The slot comes from the mix's low bits, the fingerprint from its high ones: independent, so keys that share a
    // neighbourhood of slots still differ in their fingerprints.
    private static int SlotOf(ulong mix, int mask) => (int)mix & mask;

    private static ulong Fingerprint(ulong mix) => mix >> 32;

    /// <summary>Appends <paramref name="document"/> unless its hash is decided already; <paramref name="row"/> is the row either way.</summary>
    public bool TryAdd(in DecidedDocument document, out int row)
    {
        if (TryFind(document.Key, out row))
        {
            return false;
        }

        row = Add(document);
        return true;
    }

    /// <summary>Rows <see cref="AddRange"/> takes at a time: enough slot loads in flight to cover a memory latency.</summary>
    public const int BatchSize = 32;

    /// <summary>
    /// Appends <paramref name="documents"/> in order (a restore, at most <see cref="BatchSize"/> at a time); stops at the
    /// first whose hash is decided already, in the table or earlier in the batch.
    /// </summary>
    /// <returns>How many were appended: <c>documents.Length</c> unless one was a duplicate.</returns>
    /// <remarks>
    /// Each row's slot is a random place in an index of hundreds of megabytes at ten million rows, so adding rows one by
    /// one waits for one cache miss after another: half of a restore's time. Loading the batch's slots first, as loads
    /// that depend on nothing, lets the processor wait for them all at once; the adds then find them in the cache.
    /// </remarks>
    public int AddRange(ReadOnlySpan<DecidedDocument> documents)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(documents.Length, BatchSize);
        var slots = _slots;
        var mask = slots.Length - 1;
        var touched = 0UL;
        foreach (ref readonly var document in documents)
        {
            touched |= slots[SlotOf(document.Key.Mix(_seed), mask)];
        }

        GC.KeepAlive(touched);
        for (var i = 0; i < documents.Length; i++)
        {
            if (!TryAdd(documents[i], out _))
            {
                return i;
            }
        }

        return documents.Length;
    }

    /// <summary>Appends <paramref name="document"/>, whose hash the table does not hold yet; returns its row.</summary>
    public int Add(in DecidedDocument document)
    {
        var row = _count;
        var chunk = row >> ChunkBits;
        if (chunk == _chunks.Length || _chunks[chunk] is not { } rows || (row & (ChunkSize - 1)) == rows.Length)
        {
            GrowFor(row);
        }

        _chunks[chunk][row & (ChunkSize - 1)] = document;
        if (_outgrown is null && (long)(row + 1) * 4 > (long)_slots.Length * 3)
        {
            StartGrowing();
        }

        Place(document.Key, row);
        if (_outgrown is not null)
        {
            MoveSome();
        }

        _count = row + 1;
        if (!document.IsAbort)
        {
            _committed++;
        }

        return row;
    }

    private void Place(in DocumentKey key, int row)
    {
        var mix = key.Mix(_seed);
        var mask = _slots.Length - 1;
        var slot = SlotOf(mix, mask);
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = (Fingerprint(mix) << 32) | (uint)(row + 1);
    }

    // Rows moved from the outgrown slots per add. The new slots are twice the size, and growth starts at three
    // quarters full: moving every row takes a quarter of the adds it takes the new slots to reach three quarters.
    private const int MovesPerAdd = 4;

    private void StartGrowing()
    {
        _outgrown = _slots;
        _toMove = _count;
        _moved = 0;
        _slots = new ulong[_slots.Length * 2];
    }

    private void MoveSome()
    {
        var end = Math.Min(_toMove, _moved + MovesPerAdd);
        for (; _moved < end; _moved++)
        {
            Place(this[_moved].Key, _moved);
        }

        if (_moved == _toMove)
        {
            _outgrown = null;
        }
    }

    // Makes room for row number `row`: the first chunk doubles until it is whole (small registries stay small), later
    // chunks are allocated whole. A grown chunk or directory is a copy published after it is filled, never an array
    // changed under a reader.
    private void GrowFor(int row)
    {
        var chunk = row >> ChunkBits;
        if (chunk == _chunks.Length)
        {
            var directory = new DecidedDocument[_chunks.Length * 2][];
            Array.Copy(_chunks, directory, _chunks.Length);
            Volatile.Write(ref _chunks, directory);
        }

        if (_chunks[chunk] is not { } rows)
        {
            Volatile.Write(ref _chunks[chunk], new DecidedDocument[ChunkSize]);
            return;
        }

        var grown = new DecidedDocument[Math.Min(ChunkSize, rows.Length * 2)];
        Array.Copy(rows, grown, row & (ChunkSize - 1));
        Volatile.Write(ref _chunks[chunk], grown);
    }
}
