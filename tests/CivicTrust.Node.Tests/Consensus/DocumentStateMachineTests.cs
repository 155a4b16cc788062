using CivicTrust.Documents;
using CivicTrust.Documents.Integrity;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Storage.Integrity;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Consensus;

/// <summary>
/// The state machine over a real DotNext write-ahead log: snapshots are written in the background, published (which
/// lets the log drop the entries below them) only half an interval later, taken at staggered indexes by the members,
/// and a restart restores the newest one and replays the rest.
/// </summary>
public sealed partial class DocumentStateMachineTests : IAsyncDisposable
{
    private const int Interval = 10;
    private static readonly Uri[] Members = [new("http://127.0.0.1:5101/"), new("http://127.0.0.1:5102/"), new("http://127.0.0.1:5103/")];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "civictrust-sm-" + Guid.NewGuid().ToString("n"));
    private DocumentRegistry _registry = new();
    private DocumentStateMachine? _stateMachine;
    private StorageIntegrity _integrity = NewIntegrity();
    private WriteAheadLog? _log;
    private int _documents;

    private static ClusterOptions Options(string directory, int position = 0) => new()
    {
        Members = Members,
        PublicUrl = Members[position],
        DataDir = directory,
        NodeId = "test",
        RaftDeadlines = new(TimeSpan.FromMilliseconds(75)),
        RaftConnectTimeout = TimeSpan.FromMilliseconds(100),
        SnapshotInterval = Interval,
    };

    private async Task<WriteAheadLog> OpenAsync(int position = 0)
    {
        _registry = new DocumentRegistry();
        _integrity = NewIntegrity();
        _stateMachine = new DocumentStateMachine(Options(_directory, position), _registry, _integrity, NullLogger<DocumentStateMachine>.Instance);
        await _stateMachine.RestoreAsync();
        return _log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(_directory, "wal") }, _stateMachine);
    }

    private async Task CloseAsync()
    {
        await _log!.DisposeAsync();
        await _stateMachine!.DisposeAsync();
    }

    // Appends and commits count more documents, then waits until they are applied.
    private async Task IssueAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var command = DocumentCommand.Issue((++_documents).ToString("x64", System.Globalization.CultureInfo.InvariantCulture), "test");
            await _log!.AppendAsync(new BinaryLogEntry { Term = 1, Content = EntrySeal.Seal(1, command.Encode()) });
        }

        await _log!.CommitAsync(_log.LastEntryIndex);
        await _log.WaitForApplyAsync(_log.LastEntryIndex);
    }

    private static StorageIntegrity NewIntegrity() => new(NullLogger<StorageIntegrity>.Instance, TimeProvider.System);

    private string[] SnapshotFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(_directory, "snapshots"), SnapshotFile.SearchPattern).Select(Path.GetFileName).Order()!];

    private async Task<string[]> WaitForSnapshotFilesAsync(int count)
    {
        for (var i = 0; i < 500 && SnapshotFiles().Length < count; i++)
        {
            await Task.Delay(10);
        }

        return SnapshotFiles();
    }

    [Fact]
    public async Task A_batched_entry_applies_every_command_and_hands_each_result_to_its_ticket_and_survives_a_restart()
    {
        var log = await OpenAsync();
        await IssueAsync(1);
        DocumentCommand[] batch = [DocumentCommand.Issue(HashOf(100), "a"), DocumentCommand.Issue(HashOf(1), "retry"), DocumentCommand.Abort(HashOf(101))];
        var payload = DocumentBatch.Encode(batch);
        var ticket = new ReplicationTicket(payload);

        await log.AppendAsync(new BinaryLogEntry { Term = 1, Content = EntrySeal.Seal(1, payload), Context = ticket });
        await log.CommitAsync(log.LastEntryIndex);
        await log.WaitForApplyAsync(log.LastEntryIndex);

        Assert.Equal([ApplyOutcome.Issued, ApplyOutcome.DuplicateIssue, ApplyOutcome.Aborted], ticket.Results!.Select(r => r.Outcome));
        Assert.Equal(new DocumentRecord(HashOf(101), DocumentStatus.Aborted, 2, 1, null, 2), _registry.Find(HashOf(101)));

        // Replayed from the WAL after a restart (no snapshot yet): the same places.
        await CloseAsync();
        var reopened = await OpenAsync();
        await reopened.WaitForApplyAsync(2);
        Assert.Equal(new DocumentRecord(HashOf(101), DocumentStatus.Aborted, 2, 1, null, 2), _registry.Find(HashOf(101)));
        Assert.Equal(2, _registry.Statistics.Documents);
    }

    [Fact]
    public async Task A_deposed_leaders_ticket_is_not_filled_by_the_new_leaders_entry_at_its_index()
    {
        // The deposed leader appended its own entry at index 2 with its ticket; the new leader's entry for index 2
        // overwrites it (as AppendEntries does) and commits. DotNext hands the old ticket to that apply.
        var log = await OpenAsync();
        await IssueAsync(1);
        var own = DocumentBatch.Encode([DocumentCommand.Issue(HashOf(200), "deposed"), DocumentCommand.Issue(HashOf(201), "deposed")]);
        var ticket = new ReplicationTicket(own);
        await log.AppendAsync(new BinaryLogEntry { Term = 1, Content = EntrySeal.Seal(1, own), Context = ticket });

        var theirs = DocumentBatch.Encode([DocumentCommand.Issue(HashOf(300), "new leader"), DocumentCommand.Issue(HashOf(301), "new leader")]);
        await log.AppendAsync(new BinaryLogEntry { Term = 2, Content = EntrySeal.Seal(2, theirs) }, 2);
        await log.CommitAsync(2);
        await log.WaitForApplyAsync(2);

        Assert.Null(ticket.Results);
        Assert.Equal(new DocumentRecord(HashOf(301), DocumentStatus.Committed, 2, 2, "new leader", 1), _registry.Find(HashOf(301)));
        Assert.Null(_registry.Find(HashOf(200)));
    }

    private static string HashOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Disposing_it_again_is_harmless()
    {
        // The host disposes the state machine once for every service it is registered as.
        await OpenAsync();
        await _stateMachine!.DisposeAsync();

        Assert.Null(await Record.ExceptionAsync(() => _stateMachine.DisposeAsync().AsTask()));
    }

    [Fact]
    public void Members_take_their_snapshots_a_fraction_of_an_interval_apart()
    {
        Assert.Equal([0, 3, 6], [.. Enumerable.Range(0, 3).Select(p => DocumentStateMachine.SnapshotOffset(Options(_directory, p)))]);
    }

    [Fact]
    public async Task A_snapshot_is_written_at_the_interval_but_published_only_half_an_interval_later()
    {
        var log = await OpenAsync();
        await IssueAsync(Interval);

        Assert.Equal(["10-1"], await WaitForSnapshotFilesAsync(1));
        Assert.Null(_stateMachine!.Snapshot); // on disk, but the log must keep the entries a slow follower needs next

        await IssueAsync((Interval / 2) - 1);
        Assert.Null(_stateMachine.Snapshot);

        await IssueAsync(1);
        Assert.Equal(10, _stateMachine.Snapshot?.Index);
        Assert.Equal(15, log.LastCommittedEntryIndex);
    }

    [Fact]
    public async Task Members_snapshot_at_their_own_offsets()
    {
        await OpenAsync(position: 1); // offset 3: boundaries at indexes 7, 17, ...
        await IssueAsync(8);

        Assert.Equal(["7-1"], await WaitForSnapshotFilesAsync(1));
    }

    [Fact]
    public async Task A_restart_restores_the_newest_snapshot_and_replays_the_entries_after_it()
    {
        await OpenAsync();
        await IssueAsync(Interval);
        await WaitForSnapshotFilesAsync(1);
        await IssueAsync(7);
        Assert.Equal(10, _stateMachine!.Snapshot?.Index);
        await CloseAsync();

        var log = await OpenAsync();
        await log.WaitForApplyAsync(17);

        Assert.Null(_integrity.Damage);
        Assert.Equal(10, _stateMachine!.Snapshot?.Index);
        Assert.Equal(17, _registry.Statistics.Documents);
        Assert.Equal(17, _registry.Statistics.LastApplied);
    }

    [Fact]
    public async Task Each_snapshot_writes_only_the_rows_since_the_last_and_a_restart_reads_them_all()
    {
        await OpenAsync();
        var snapshots = Path.Combine(_directory, "snapshots");
        var written = new List<string[]>();
        for (var interval = 1; interval <= 4; interval++)
        {
            await IssueAsync(Interval);
            var manifest = Path.Combine(snapshots, SnapshotFile.NameOf(interval * Interval, 1));
            for (var i = 0; i < 500 && !File.Exists(manifest); i++)
            {
                await Task.Delay(10);
            }

            written.Add([.. SnapshotManifest.Parse(await File.ReadAllTextAsync(manifest)).Segments.Select(s => s.FileName)]);
        }

        // 10 rows per interval: a binary counter of segments, each snapshot writing one.
        Assert.Equal(
            [["rows.0.10"], ["rows.0.20"], ["rows.0.20", "rows.20.30"], ["rows.0.40"]],
            written);

        // Segments merged away are garbage once no manifest names them.
        await _stateMachine!.ReclaimGarbageAsync(4 * Interval, CancellationToken.None);
        Assert.Equal(["rows.0.40"], Directory.EnumerateFiles(snapshots, SnapshotManifest.SegmentSearchPattern).Select(Path.GetFileName));

        await CloseAsync();
        var log = await OpenAsync();
        await log.WaitForApplyAsync(4 * Interval);
        Assert.Null(_integrity.Damage);
        Assert.Equal(4 * Interval, _registry.Statistics.Documents);
    }

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
        {
            await CloseAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
