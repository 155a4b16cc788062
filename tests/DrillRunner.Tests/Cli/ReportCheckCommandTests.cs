using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.History;
using CivicTrust.Drill.Report;
using CivicTrust.Drill.Verification;
using CivicTrust.DrillRunner.Cli;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Cli;

/// <summary><c>drill-runner check</c> over report folders written the way a drill writes them.</summary>
public sealed class ReportCheckCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "civictrust-check-" + Guid.NewGuid().ToString("n")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> CheckAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReportCheckCommand.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    // A whole drill against the in-memory cluster, its folder written by the same code the CLI uses.
    private async Task<DrillResult> DrillAsync()
    {
        var cluster = new InMemoryCluster(3);
        using var drill = new NodeCrashDrill(
            cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)),
            new DrillOptions { DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, "checkrun");
        var result = await drill.RunAsync(200, TimeSpan.FromSeconds(10));
        await ReportFolder.WriteAsync(result, drill.History, drill.MemberLogs, _folder, CancellationToken.None);
        return result;
    }

    [Fact]
    public async Task A_saved_key_compromise_run_is_judged_again_on_its_revocation_from_the_history_alone()
    {
        var cluster = new InMemoryCluster(3);
        using (var drill = new NodeCrashDrill(
            cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster), KeyAdmin: new InMemoryKeyAdmin(cluster)),
            new DrillOptions { Fault = DrillFaults.KeyCompromise, DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, "checkkeys"))
        {
            var result = await drill.RunAsync(200, TimeSpan.FromSeconds(10));
            Assert.True(result.Passed, DrillReport.Summary(result));
            await ReportFolder.WriteAsync(result, drill.History, drill.MemberLogs, _folder, CancellationToken.None);
        }

        var (code, output, _) = await CheckAsync(_folder);

        Assert.True(code == 0, output);
        Assert.Contains($"[PASS] {DrillCriteria.NoWriteAfterRevocation}: recomputed: key ", output, StringComparison.Ordinal);
        Assert.Contains("the leader before the fault, kept", output, StringComparison.Ordinal);

        // One member's listing moved to another index: that member and the revocation disagree, and only that is wrong.
        var saved = await DrillHistory.ReadAsync(Path.Combine(_folder, DrillHistory.FileName), CancellationToken.None);
        var listing = saved.Faults.First(f => f.Action == FaultActions.KeyListed);
        await RewriteHistoryAsync(saved with { Faults = [.. saved.Faults.Select(f => f == listing ? f with { Index = f.Index + 1 } : f)] });

        (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.True(output.Contains($"check: FAILED ({DrillCriteria.NoWriteAfterRevocation})", StringComparison.Ordinal), output);
        Assert.Contains($"not at the acknowledged {listing.Index}", output, StringComparison.Ordinal);
        Assert.Contains("DISAGREES", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_passing_run_checks_as_passed()
    {
        var result = await DrillAsync();
        Assert.True(result.Passed, DrillReport.Summary(result));
        // The killed leader stays down (no restarter): the two survivors' logs are kept.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_folder, MemberLogFiles.FolderName)).Length);

        var (code, output, _) = await CheckAsync(_folder);

        Assert.True(code == 0, output);
        Assert.Contains("2 member logs", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.Linearizable}: recomputed: 0 violations", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.NewLeaderElected}: recomputed: ", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.NoStaleAcknowledgement}: recomputed: 0 acknowledgements", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.FreshIssuance}: recomputed: fresh document committed", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.InFlightResolved}: recomputed: ", output, StringComparison.Ordinal);
        Assert.Contains($"[PASS] {DrillCriteria.NoErrors}: as stored", output, StringComparison.Ordinal);
        Assert.EndsWith("check: PASSED" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_tampered_with_a_read_of_aborted_after_a_201_fails_linearizable_and_disagrees_with_the_report()
    {
        await DrillAsync();
        var history = Path.Combine(_folder, DrillHistory.FileName);
        var acknowledged = (await DrillHistory.ReadAsync(history, CancellationToken.None)).Operations.First(o => o is { Op: "issue", Status: 201 });
        var aborted = acknowledged with { Op = "read", StartMs = acknowledged.EndMs + 1, EndMs = acknowledged.EndMs + 2, Status = 200, DocumentStatus = DocumentStatusNames.Aborted };
        await File.AppendAllTextAsync(history, JsonSerializer.Serialize(aborted) + "\n");

        var (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.Contains($"check: FAILED ({DrillCriteria.Linearizable})", output, StringComparison.Ordinal);
        Assert.Contains("DISAGREES", output, StringComparison.Ordinal);
        Assert.Contains(acknowledged.Hash, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_tampered_with_a_201_from_a_cut_off_member_fails_no_stale_acknowledgement_only()
    {
        await DrillAsync();
        var saved = await DrillHistory.ReadAsync(Path.Combine(_folder, DrillHistory.FileName), CancellationToken.None);
        // A document whose every request came after the cut, decided by the member that was cut off: it had no peer
        // to make a majority with.
        var decided = saved.Operations.Where(o => o is { Op: "issue", Status: 201 }).Last();
        var firstSent = saved.Operations.Where(o => o.Op == "issue" && o.Hash == decided.Hash).Min(o => o.StartSeq!.Value);
        var killed = saved.Faults.Where(f => f.Action == FaultActions.Kill).Select(f => f.Node).ToHashSet();
        var cutOff = saved.Operations.Select(o => o.Node).Distinct().First(n => n != decided.Node && !killed.Contains(n));
        FaultEvent[] cut =
        [
            new(FaultActions.Cut, cutOff, "node-x", 1, decided.StartMs, decided.StartMs, FaultEvent.Ok, StartSeq: firstSent - 1, EndSeq: firstSent - 1),
            new(FaultActions.Heal, cutOff, "node-x", 1, decided.EndMs, decided.EndMs, FaultEvent.Ok, StartSeq: decided.EndSeq + 1, EndSeq: decided.EndSeq + 1),
        ];
        var tampered = saved with { Operations = [.. saved.Operations.Select(o => o == decided ? o with { Node = cutOff } : o)], Faults = [.. saved.Faults, .. cut] };
        await RewriteHistoryAsync(tampered);

        var (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.Contains($"check: FAILED ({DrillCriteria.NoStaleAcknowledgement})", output, StringComparison.Ordinal);
        Assert.Contains("DISAGREES", output, StringComparison.Ordinal);
        // The report names the first finding; the tampered 201 is among them (others answered by the third member while
        // two of three were away may come first).
        Assert.Contains(StaleAcknowledgementCheck.Find(tampered.Operations, tampered.Faults, 3), f => f.Contains(decided.Hash, StringComparison.Ordinal) && f.Contains("while cut off from its peers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_history_without_the_leader_agreed_on_after_the_crash_fails_new_leader_elected_only()
    {
        await DrillAsync();
        var saved = await DrillHistory.ReadAsync(Path.Combine(_folder, DrillHistory.FileName), CancellationToken.None);
        Assert.Contains(saved.Faults, f => f.Crash);
        await RewriteHistoryAsync(saved with { Faults = [.. saved.Faults.Where(f => f.Action != FaultActions.Leader)] });

        var (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.Contains($"check: FAILED ({DrillCriteria.NewLeaderElected})", output, StringComparison.Ordinal);
        Assert.Contains("no leader agreed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_whose_fresh_document_was_never_answered_fails_fresh_issuance_only()
    {
        await DrillAsync();
        var saved = await DrillHistory.ReadAsync(Path.Combine(_folder, DrillHistory.FileName), CancellationToken.None);
        var fresh = DrillDocument.Fresh("checkrun").Hash;
        Assert.Contains(saved.Operations, o => o.Hash == fresh);
        await RewriteHistoryAsync(saved with { Operations = [.. saved.Operations.Select(o => o.Hash == fresh ? o with { Outcome = OperationOutcomes.Timeout, Status = null, DocumentStatus = null } : o)] });

        var (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.Contains($"check: FAILED ({DrillCriteria.FreshIssuance})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_the_drill_never_settled_fails_inflight_resolved_only()
    {
        var result = await DrillAsync();
        Assert.True(result.InflightAborted > 0, "the drill fenced nothing, so there is no settled document to unsettle");
        var logs = await MemberLogFiles.ReadAsync(_folder, CancellationToken.None);
        var fenced = logs[0].Log.First(e => e.Kind == LogEntryKindNames.Abort).Hash;
        // As if the drill had never fenced it: its sends got no answer, nobody asked or aborted it, and no log decides it.
        var saved = await DrillHistory.ReadAsync(Path.Combine(_folder, DrillHistory.FileName), CancellationToken.None);
        await RewriteHistoryAsync(saved with
        {
            Operations = [.. saved.Operations
                .Where(o => o.Hash != fenced || o.Op == "issue")
                .Select(o => o.Hash == fenced ? o with { Outcome = OperationOutcomes.Timeout, Status = null, DocumentStatus = null } : o)],
        });
        Directory.Delete(Path.Combine(_folder, MemberLogFiles.FolderName), recursive: true);
        await MemberLogFiles.WriteAsync(
            _folder,
            [.. logs.Select(l => l with { Log = [.. l.Log.Where(e => e.Hash != fenced)], Raw = l.Raw with { Entries = [.. l.Raw.Entries.Where(e => e.Hash != fenced)] } })],
            CancellationToken.None);

        var (code, output, _) = await CheckAsync(_folder);

        Assert.Equal(1, code);
        Assert.True(output.Contains($"check: FAILED ({DrillCriteria.InFlightResolved})", StringComparison.Ordinal), output);
        Assert.Contains(fenced, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_report_is_refused_with_exit_2()
    {
        Assert.Equal(2, (await CheckAsync()).Code);
        Assert.Equal(2, (await CheckAsync(_folder, "extra")).Code);
        var missing = await CheckAsync(_folder);
        Assert.Equal(2, missing.Code);
        Assert.Contains("not a folder", missing.Error, StringComparison.Ordinal);

        Directory.CreateDirectory(_folder);
        Assert.Contains("no drill-report.json", (await CheckAsync(_folder)).Error, StringComparison.Ordinal);

        await new DrillError("run9", ["http://a/"], "kill", "no leader to kill", 5).WriteAsync(_folder, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_folder, DrillHistory.FileName), string.Empty);
        var error = await CheckAsync(_folder);
        Assert.Equal(2, error.Code);
        Assert.Contains("no leader to kill", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_history_is_refused_with_exit_2_and_its_line_named()
    {
        await DrillAsync();
        await File.AppendAllTextAsync(Path.Combine(_folder, DrillHistory.FileName), "{not json\n");

        var (code, _, error) = await CheckAsync(_folder);

        Assert.Equal(2, code);
        Assert.Contains("is not an operation", error, StringComparison.Ordinal);
    }

    /// <summary>The reports docs/reports links to: each one's saved history and logs give the verdict it shows.</summary>
    [Fact]
    public async Task Every_report_in_the_docs_checks_as_it_reads()
    {
        var reports = Path.Combine(RepositoryRoot(), "docs", "reports");
        var folders = Directory.GetDirectories(reports);
        Assert.NotEmpty(folders);
        foreach (var folder in folders)
        {
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, DrillReport.JsonFileName)));
            var passed = report.RootElement.GetProperty("passed").GetBoolean();

            var (code, output, error) = await CheckAsync(folder);

            Assert.True(code == (passed ? 0 : 1), $"{folder}: exit {code}\n{output}{error}");
            Assert.DoesNotContain("DISAGREES", output, StringComparison.Ordinal);
        }
    }

    private async Task RewriteHistoryAsync(SavedHistory history) =>
        await File.WriteAllLinesAsync(Path.Combine(_folder, DrillHistory.FileName),
            [.. history.Operations.Select(o => JsonSerializer.Serialize(o)), .. history.Faults.Select(f => JsonSerializer.Serialize(f))]);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CivicTrust.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CivicTrust.sln not found above the test's folder.");
    }
}
