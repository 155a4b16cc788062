using CivicTrust.Node.Storage.Integrity;

namespace CivicTrust.Node.Tests.Storage.Integrity;

public sealed class RepairPlanFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-repair-").FullName;

    private static RepairPlan Plan(bool moved = false) =>
        new(new StorageDamage(StorageDamage.SnapshotArea, "snapshots/10-1", 10, "checksum mismatch", DateTimeOffset.UnixEpoch), 25, "quarantine/t", moved);

    [Fact]
    public void A_plan_survives_a_round_trip_and_its_removal_ends_the_repair()
    {
        Assert.Null(RepairPlanFile.Read(_directory));

        RepairPlanFile.Write(_directory, Plan());
        Assert.Equal(Plan(), RepairPlanFile.Read(_directory));

        RepairPlanFile.Write(_directory, Plan(moved: true));
        Assert.True(RepairPlanFile.Read(_directory)!.Moved);

        RepairPlanFile.Delete(_directory);
        Assert.Null(RepairPlanFile.Read(_directory));
    }

    [Fact]
    public void An_unreadable_plan_refuses_the_start_and_says_how_to_replace_the_member()
    {
        File.WriteAllText(Path.Combine(_directory, RepairPlanFile.FileName), "{\"watermark\": 2");

        var error = Assert.Throws<InvalidOperationException>(() => RepairPlanFile.Read(_directory));
        Assert.Contains("Replacing a damaged member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_quarantine_keeps_the_term_and_vote_and_moves_everything_else()
    {
        var wal = Directory.CreateDirectory(Path.Combine(_directory, "wal"));
        File.WriteAllText(Path.Combine(wal.FullName, DamagedDataQuarantine.TermAndVoteFile), "term and vote");
        File.WriteAllText(Path.Combine(wal.FullName, "checkpoint"), "checkpoint");
        Directory.CreateDirectory(Path.Combine(wal.FullName, "data"));
        File.WriteAllText(Path.Combine(wal.FullName, "data", "0"), "entries");
        Directory.CreateDirectory(Path.Combine(_directory, "snapshots"));
        File.WriteAllText(Path.Combine(_directory, "snapshots", "10-1"), "snapshot");

        DamagedDataQuarantine.Move(_directory, Plan());

        Assert.Equal([DamagedDataQuarantine.TermAndVoteFile], wal.EnumerateFileSystemInfos().Select(e => e.Name));
        Assert.False(Directory.Exists(Path.Combine(_directory, "snapshots")));
        Assert.Equal("entries", File.ReadAllText(Path.Combine(_directory, "quarantine", "t", "wal", "data", "0")));
        Assert.Equal("checkpoint", File.ReadAllText(Path.Combine(_directory, "quarantine", "t", "wal", "checkpoint")));
        Assert.Equal("snapshot", File.ReadAllText(Path.Combine(_directory, "quarantine", "t", "snapshots", "10-1")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
