using CivicTrust.Drill.Crash;

namespace CivicTrust.DrillRunner.Tests.Crash;

public sealed class CommandTemplateInjectorTests
{
    private static readonly CrashTarget Target = new("node-b", 4242, new Uri("http://10.1.2.3:5102/"));

    [Fact]
    public void Placeholders_are_filled_from_the_target()
    {
        Assert.Equal("ssh 10.1.2.3 kill -9 4242", new CommandTemplateInjector("ssh {host} kill -9 {pid}").Render(Target));
        Assert.Equal("kubectl delete pod node-b --grace-period=0 --force # http://10.1.2.3:5102 5102",
            new CommandTemplateInjector("kubectl delete pod {node} --grace-period=0 --force # {url} {port}").Render(Target));
    }

    [Fact]
    public async Task A_failing_command_is_a_crash_failure()
    {
        var error = await Assert.ThrowsAsync<CrashFailedException>(() => new CommandTemplateInjector("echo nope >&2; exit 3").CrashAsync(Target, CancellationToken.None));
        Assert.Contains("exited with 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_runs_with_the_target_filled_in()
    {
        var marker = Path.Combine(Path.GetTempPath(), "civictrust-crash-" + Guid.NewGuid().ToString("n"));
        try
        {
            await new CommandTemplateInjector($"echo {{node}}:{{pid}} > {marker}").CrashAsync(Target, CancellationToken.None);
            Assert.Equal("node-b:4242", (await File.ReadAllTextAsync(marker)).Trim());
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task The_local_injector_refuses_remote_nodes()
    {
        var error = await Assert.ThrowsAsync<CrashFailedException>(() => new LocalSigkillInjector().CrashAsync(Target, CancellationToken.None));
        Assert.Contains("--crash-command", error.Message, StringComparison.Ordinal);
    }
}
