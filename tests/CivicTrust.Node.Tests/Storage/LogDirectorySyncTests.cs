using CivicTrust.Node.Storage;

namespace CivicTrust.Node.Tests.Storage;

public sealed class LogDirectorySyncTests : IDisposable
{
    private readonly string _wal = Directory.CreateTempSubdirectory("civictrust-dirsync-").FullName;
    private readonly List<string> _flushed = [];

    private LogDirectorySync Sync() => new(_wal, _flushed.Add);

    [Fact]
    public void A_directory_is_flushed_once_after_each_change_of_its_entries()
    {
        var data = Directory.CreateDirectory(Path.Combine(_wal, "data")).FullName;
        var sync = Sync();

        sync.EnsureFlushed();
        sync.EnsureFlushed();
        Assert.Equal([data], _flushed); // metadata does not exist yet; data has not changed since

        Thread.Sleep(20); // the next change must bear a later modification time than the one flushed
        File.WriteAllText(Path.Combine(data, "1"), "a new chunk");
        sync.EnsureFlushed();
        Assert.Equal([data, data], _flushed);

        Thread.Sleep(20);
        File.Delete(Path.Combine(data, "1"));
        sync.EnsureFlushed();
        Assert.Equal(3, _flushed.Count);
    }

    public void Dispose() => Directory.Delete(_wal, recursive: true);
}
