using CivicTrust.Node.Storage;

namespace CivicTrust.Node.Tests.Storage;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "civictrust-lock-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public void A_second_holder_is_refused_with_a_message_naming_the_directory_and_owner()
    {
        using var first = DataDirectoryLock.Acquire(_directory);

        var error = Assert.Throws<InvalidOperationException>(() => DataDirectoryLock.Acquire(_directory));

        Assert.Contains(_directory, error.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:DataDir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_directory_is_free_again_once_released()
    {
        DataDirectoryLock.Acquire(_directory).Dispose();
        using var again = DataDirectoryLock.Acquire(_directory);
        Assert.True(Directory.Exists(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
