using CivicTrust.Drill.Crash;
using CivicTrust.Drill.Faults;
using CivicTrust.Integration.Standalone;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Integration.Durability;

/// <summary>
/// The log damager itself (<c>scripts/local-cluster.sh damage … log</c>), over a real DotNext write-ahead log: it flips
/// bits only inside the entries a node replays on its next start, after its newest snapshot and through its commit
/// index. Damage below the snapshot is never read again and so drills nothing: a disk-corruption drill failed once
/// in 50 for it (docs/durability.md).
/// </summary>
public sealed class LogDamageInjectorTests : IAsyncDisposable
{
    private const int Port = 5999;
    private const int EntrySize = 64;
    private const long Snapshot = 45;
    private const long Commit = 55;
    private const long Last = 60;

    private readonly string _cluster = Directory.CreateTempSubdirectory("civictrust-damage-").FullName;

    private string Node => Path.Combine(_cluster, $"node-{Port}");

    [Fact]
    public async Task Damage_to_the_log_lands_only_in_the_entries_replayed_on_start()
    {
        // Entries 1..60 of 64 bytes each, one after another from offset 0 of the first data chunk; 1..55 committed;
        // a snapshot at 45, as the node names it.
        await WriteLogAsync();
        Directory.CreateDirectory(Path.Combine(Node, "snapshots"));
        await File.WriteAllTextAsync(Path.Combine(Node, "snapshots", $"{Snapshot}-1"), "snapshot");
        var chunk = Path.Combine(Node, "wal", "data", "0");
        var before = await File.ReadAllBytesAsync(chunk);

        for (var round = 0; round < 5; round++)
        {
            await DamageAsync(bits: 8);
        }

        var after = await File.ReadAllBytesAsync(chunk);
        var damaged = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.NotEmpty(damaged);
        Assert.All(damaged, offset =>
        {
            var index = (offset / EntrySize) + 1;
            Assert.InRange(index, Snapshot + 1, Commit);
        });
    }

    private async Task WriteLogAsync()
    {
        var log = new WriteAheadLog(
            new WriteAheadLog.Options { Location = Path.Combine(Node, "wal"), ChunkSize = 1024 * 1024 }, new NothingApplied());
        await using (log)
        {
            await log.InitializeAsync();
            for (var i = 1; i <= Last; i++)
            {
                var content = new byte[EntrySize];
                Random.Shared.NextBytes(content);
                await log.AppendAsync(new BinaryLogEntry { Term = 1, Content = content });
            }

            await log.CommitAsync(Commit);
            await log.FlushAsync();
        }
    }

    // Through the damager the drill itself uses, with the command the standalone cluster gives it.
    private Task DamageAsync(int bits) =>
        new CommandTemplateDamager($"bash '{Path.Combine(ScriptedCluster.RepositoryRoot(), "scripts", "local-cluster.sh")}' damage '{_cluster}' {{port}} {{area}} {bits}")
            .DamageAsync(new CrashTarget($"node-{Port}", 0, new Uri($"http://127.0.0.1:{Port}/")), DiskArea.Log, CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_cluster, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class NothingApplied : IStateMachine
    {
        public ISnapshot? Snapshot => null;

        public ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token) => new(entry.Index);

        public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;
    }
}
