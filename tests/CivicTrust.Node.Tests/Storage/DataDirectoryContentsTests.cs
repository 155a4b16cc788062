using CivicTrust.Node.Storage;

namespace CivicTrust.Node.Tests.Storage;

public sealed class DataDirectoryContentsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-contents-").FullName;

    [Fact]
    public void A_directory_with_neither_log_nor_snapshots_is_empty_whatever_else_it_holds()
    {
        File.WriteAllText(Path.Combine(_directory, "node.lock"), string.Empty);
        Assert.True(DataDirectoryContents.IsEmpty(_directory));

        Directory.CreateDirectory(Path.Combine(_directory, DataDirectoryContents.SnapshotFolder));
        Assert.False(DataDirectoryContents.IsEmpty(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
