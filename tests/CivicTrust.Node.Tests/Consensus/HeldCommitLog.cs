using System.Threading.Channels;
using CivicTrust.Documents;
using CivicTrust.Node.Consensus;

namespace CivicTrust.Node.Tests.Consensus;

/// <summary>
/// A commit log whose entries commit only when the test says so: each appended entry waits (<see cref="NextAsync"/> takes it)
/// until <see cref="Entry.Commit"/> applies it to a real <see cref="DocumentRegistry"/> (as the state machine would,
/// filling the ticket) or <see cref="Entry.Fail"/> fails it. The entry's token cancels it, as DotNext's does, unless
/// the log is told to ignore it (a log stuck where no token reaches).
/// </summary>
internal sealed class HeldCommitLog(bool honourCancellation = true) : ICommitLog
{
    private readonly Channel<Entry> _appended = Channel.CreateUnbounded<Entry>();
    private long _index;

    public DocumentRegistry Registry { get; } = new();

    public int EntriesAppended { get; private set; }

    /// <summary>The next entry appended, in order.</summary>
    public async Task<Entry> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _appended.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether an entry was appended that the test has not taken yet.</summary>
    public bool HasWaiting => _appended.Reader.Count > 0;

    public Task ReplicateAsync(byte[] payload, ReplicationTicket ticket, CancellationToken token)
    {
        EntriesAppended++;
        var entry = new Entry(this, DocumentBatch.Decode(payload), ticket, honourCancellation ? token : CancellationToken.None);
        _appended.Writer.TryWrite(entry);
        return entry.Completion;
    }

    internal sealed class Entry
    {
        private readonly HeldCommitLog _log;
        private readonly ReplicationTicket _ticket;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Entry(HeldCommitLog log, DocumentCommand[] commands, ReplicationTicket ticket, CancellationToken token)
        {
            _log = log;
            _ticket = ticket;
            Commands = commands;
            token.Register(() => _done.TrySetCanceled(token));
        }

        public DocumentCommand[] Commands { get; }

        public Task Completion => _done.Task;

        public void Commit()
        {
            _ticket.Results = _log.Registry.ApplyBatch(++_log._index, 1, Commands);
            _done.TrySetResult();
        }

        public void Fail(Exception e) => _done.TrySetException(e);

        /// <summary>Commits the index with another entry's content: the ticket stays empty.</summary>
        public void CommitWithoutTicket() => _done.TrySetResult();
    }
}
