using System.Buffers.Binary;
using System.Text;
using CivicTrust.Documents;
using CivicTrust.Node.Configuration;
using CivicTrust.Node.Consensus;
using CivicTrust.Node.Storage;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Storage;

/// <summary>
/// The middleware over a real DotNext write-ahead log: an accepted append is answered only once the log's checkpoint
/// names it, and appends arriving together (a leader's retry, a thawed node's backlog) neither crash the node nor
/// skip the flush.
/// </summary>
public sealed class DurableAppendAcknowledgementTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "civictrust-ack-" + Guid.NewGuid().ToString("n"));
    private readonly WriteAheadLog _log;

    public DurableAppendAcknowledgementTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "snapshots"));
        var options = new ClusterOptions
        {
            Members = [new Uri("http://127.0.0.1:5101/")],
            PublicUrl = new Uri("http://127.0.0.1:5101/"),
            DataDir = _directory,
            NodeId = "test",
            RaftDeadlines = new(TimeSpan.FromMilliseconds(75)),
            RaftConnectTimeout = TimeSpan.FromMilliseconds(100),
        };
        var stateMachine = new DocumentStateMachine(
            options, new DocumentRegistry(), new CivicTrust.Node.Storage.Integrity.StorageIntegrity(NullLogger<CivicTrust.Node.Storage.Integrity.StorageIntegrity>.Instance, TimeProvider.System),
            NullLogger<DocumentStateMachine>.Instance);
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(_directory, "wal") }, stateMachine);
    }

    // What DotNext's AppendEntries handler does, reduced to the part that matters here: append, then answer.
    private RequestDelegate Follower(string answer) => async context =>
    {
        await _log.AppendAsync(new BinaryLogEntry { Term = 1, Content = Documents.Integrity.EntrySeal.Seal(1, DocumentCommand.Issue(new string('e', 64), "entry").Encode()) });
        await context.Response.WriteAsync(answer);
    };

    private static DefaultHttpContext AppendEntries()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Headers["X-Raft-Message-Type"] = "AppendEntries";
        context.Response.Body = new MemoryStream();
        return context;
    }

    // The checkpoint the log reloads from after a crash: { version, commit index, last index } (docs/durability.md).
    private long CheckpointLastIndex()
    {
        using var file = new FileStream(Path.Combine(_directory, "wal", "checkpoint"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> buffer = stackalloc byte[20];
        file.ReadExactly(buffer);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        return BinaryPrimitives.ReadInt64LittleEndian(buffer[12..]);
    }

    private readonly List<string> _directoriesFlushed = [];

    private LogDirectorySync Directories => new(Path.Combine(_directory, "wal"), _directoriesFlushed.Add);

    [Fact]
    public async Task An_accepted_append_is_answered_only_once_the_checkpoint_names_it()
    {
        using var middleware = new DurableAppendAcknowledgement(Follower("Replicated"), _log, Directories);
        var context = AppendEntries();

        await middleware.InvokeAsync(context);

        Assert.Equal("Replicated", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal(_log.LastEntryIndex, CheckpointLastIndex());
    }

    [Fact]
    public async Task The_first_append_flushes_the_directories_its_new_chunk_files_were_created_in_and_the_next_ones_do_not()
    {
        using var middleware = new DurableAppendAcknowledgement(Follower("Replicated"), _log, Directories);

        await middleware.InvokeAsync(AppendEntries());
        Assert.Equal([Path.Combine(_directory, "wal", "data"), Path.Combine(_directory, "wal", "metadata")], _directoriesFlushed);

        await middleware.InvokeAsync(AppendEntries());
        Assert.Equal(2, _directoriesFlushed.Count); // same chunk files: nothing new to name
    }

    [Fact]
    public async Task Appends_arriving_together_are_all_flushed_and_none_crashes_the_node()
    {
        using var middleware = new DurableAppendAcknowledgement(Follower("Replicated"), _log, Directories);
        var contexts = Enumerable.Range(0, 32).Select(_ => AppendEntries()).ToList();

        await Task.WhenAll(contexts.Select(c => Task.Run(() => middleware.InvokeAsync(c))));

        Assert.All(contexts, c => Assert.Equal("Replicated", Encoding.UTF8.GetString(((MemoryStream)c.Response.Body).ToArray())));
        Assert.Equal(32, _log.LastEntryIndex);
        Assert.Equal(32, CheckpointLastIndex());
    }

    [Fact]
    public async Task Other_raft_messages_pass_through_unbuffered()
    {
        var seen = (Stream?)null;
        using var middleware = new DurableAppendAcknowledgement(context =>
        {
            seen = context.Response.Body;
            return Task.CompletedTask;
        }, _log, Directories);
        var vote = AppendEntries();
        vote.Request.Headers["X-Raft-Message-Type"] = "RequestVote";

        await middleware.InvokeAsync(vote);

        Assert.Same(vote.Response.Body, seen);
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
