using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class VoteFenceFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-fence-").FullName;

    [Fact]
    public void A_fence_survives_a_restart_and_no_file_means_no_fence()
    {
        Assert.Equal(0, VoteFenceFile.Read(_directory));

        VoteFenceFile.Write(_directory, 42);

        Assert.Equal(42, VoteFenceFile.Read(_directory));
    }

    [Fact]
    public void An_unreadable_fence_refuses_the_start_and_says_how_to_replace_the_member()
    {
        File.WriteAllText(Path.Combine(_directory, VoteFenceFile.FileName), "4x");

        var error = Assert.Throws<InvalidOperationException>(() => VoteFenceFile.Read(_directory));
        Assert.Contains("Replacing a damaged member", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
