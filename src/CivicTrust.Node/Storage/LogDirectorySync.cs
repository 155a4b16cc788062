using CivicTrust.Node.Configuration;

namespace CivicTrust.Node.Storage;

/// <summary>
/// Flushes the write-ahead log's <c>data</c> and <c>metadata</c> directories whenever a file was created or removed in
/// them since the last flush. DotNext creates a new chunk file as the log grows (a data chunk every 1 MiB, a metadata
/// page every 128 entries) and msyncs its pages, but never fsyncs the directory: after a power loss the file's name
/// could be gone with its entries. Called before any acknowledgement leaves this member (a follower's answer to an
/// append, the leader's answer to a client), so an acknowledged entry never sits in a file the disk may forget.
/// </summary>
/// <remarks>
/// A changed directory is noticed by its modification time, read before the flush: a file created after the read
/// changes it again and is flushed by the next call, never missed. Two <c>stat</c> calls per acknowledgement; an
/// <c>fsync</c> only when a chunk was created or dropped.
/// </remarks>
public sealed class LogDirectorySync
{
    private readonly string[] _directories;
    private readonly DateTime[] _flushed;
    private readonly Action<string> _flush;
    private readonly Lock _gate = new();

    /// <summary>Watches the write-ahead log of the node's data directory.</summary>
    public LogDirectorySync(ClusterOptions options)
        : this(Path.Combine(options.DataDir, DataDirectoryContents.LogFolder), DirectorySync.Flush)
    {
    }

    /// <summary>Watches <c>data</c> and <c>metadata</c> under <paramref name="walDirectory"/>, flushing with <paramref name="flush"/>.</summary>
    public LogDirectorySync(string walDirectory, Action<string> flush)
    {
        _directories = [Path.Combine(walDirectory, "data"), Path.Combine(walDirectory, "metadata")];
        _flushed = new DateTime[_directories.Length];
        _flush = flush;
    }

    /// <summary>Flushes each directory whose entries changed since its last flush.</summary>
    /// <exception cref="IOException">A directory could not be flushed: the acknowledgement must not be sent.</exception>
    public void EnsureFlushed()
    {
        lock (_gate)
        {
            for (var i = 0; i < _directories.Length; i++)
            {
                var changed = Directory.GetLastWriteTimeUtc(_directories[i]);
                if (changed != _flushed[i] && Directory.Exists(_directories[i]))
                {
                    _flush(_directories[i]);
                    _flushed[i] = changed;
                }
            }
        }
    }
}
