using System.Net;
using System.Net.Http.Json;
using CivicTrust.Contracts;

namespace CivicTrust.Integration.Cluster;

/// <summary>The cluster as a whole: one leader, idempotent issuance through every node, identical logs.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplicationTests(ClusterFixture fixture)
{
    private const int DocumentCount = 300;

    [Fact]
    public async Task Exactly_one_leader_is_elected_and_every_node_agrees_on_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var leader = await fixture.App.WaitForAgreedLeaderAsync(expectedNodes: 3, timeout.Token);

        var statuses = await fixture.App.StatusesAsync(timeout.Token);
        Assert.Single(statuses.Values, s => s.Role == ClusterRoleNames.Leader);
        Assert.All(statuses.Values, s => Assert.Equal(leader.Term, s.Term));
        Assert.Equal(3, statuses.Values.Select(s => s.Pid).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_duplicate_submissions_through_all_nodes_commit_each_document_once_on_every_node()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var token = timeout.Token;
        var run = Guid.NewGuid().ToString("n");
        var clients = fixture.App.Nodes.Values.ToArray();

        // Every document is sent three times at once, once to each node, so followers forward while the leader
        // applies: the log receives racing duplicates and only apply-time de-duplication keeps one of each.
        using var gate = new SemaphoreSlim(24);
        var submissions = Enumerable.Range(0, DocumentCount).SelectMany(serial => clients.Select(async client =>
        {
            await gate.WaitAsync(token);
            try
            {
                return await IssueWithRetryAsync(client, new { run, serial, kind = "certificate" }, token);
            }
            finally
            {
                gate.Release();
            }
        }));
        var answers = await Task.WhenAll(submissions);

        var byHash = answers.GroupBy(a => a.Body.Hash).ToList();
        Assert.Equal(DocumentCount, byHash.Count);
        foreach (var copies in byHash)
        {
            Assert.Equal(3, copies.Count());
            var created = copies.Count(c => c.Status == HttpStatusCode.Created && !c.Body.Duplicate);
            Assert.True(created <= 1, $"{copies.Key} was created {created} times");

            // A copy retried after a 503 (a leader change on a loaded machine) may find its own first attempt
            // committed and answer "duplicate"; otherwise exactly one copy created the document.
            Assert.True(created == 1 || copies.Any(c => c.Retried), $"{copies.Key} was never created");
            Assert.Equal(3 - created, copies.Count(c => c.Status == HttpStatusCode.OK && c.Body.Duplicate));
            Assert.Single(copies.Select(c => (c.Body.Index, c.Body.Term, c.Body.Position)).Distinct());
        }

        var logs = await ConvergedLogsAsync(token);
        var reference = logs[0];
        Assert.Equal(DocumentCount, reference.Count);
        Assert.Equal(DocumentCount, reference.Select(e => e.Hash).Distinct().Count());
        Assert.Equal(byHash.Select(g => g.Key).Order(), reference.Select(e => e.Hash).Order());
        Assert.All(reference, e => Assert.Equal(LogEntryKindNames.Issue, e.Kind));
        Assert.All(logs, log => Assert.Equal(reference, log));

        // Group commit: concurrent writes shared log entries, each document at its own place, and the answers name it.
        Assert.Contains(reference.GroupBy(e => e.Index), entry => entry.Count() > 1);
        Assert.Equal(reference.Count, reference.Select(e => (e.Index, e.Position)).Distinct().Count());
        var places = reference.ToDictionary(e => e.Hash, e => (e.Index, e.Position));
        Assert.All(answers, a => Assert.Equal(places[a.Body.Hash], (a.Body.Index, a.Body.Position)));

        // Pages of 7 end between entries, never inside a batch: read that way, every node's log is the same.
        foreach (var node in fixture.App.Nodes.Values)
        {
            Assert.Equal(reference, await CivicTrustApp.ReadLogAsync(node, token, limit: 7));
        }
    }

    [Fact]
    public async Task An_abort_fences_the_hash_on_every_node_and_a_committed_document_cannot_be_aborted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = timeout.Token;
        var (a, b, c) = (fixture.App.Nodes["node-a"], fixture.App.Nodes["node-b"], fixture.App.Nodes["node-c"]);
        var fenced = new string('f', 56) + Guid.NewGuid().ToString("n")[..8];

        using var abort = await a.PostAsync($"/documents/{fenced}/abort", content: null, token);
        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        Assert.Equal(DocumentStatusNames.Aborted, (await abort.Content.ReadFromJsonAsync<DocumentRecordResponse>(token))!.Status);

        var issued = await IssueWithRetryAsync(b, new { probe = Guid.NewGuid() }, token);
        using var abortCommitted = await c.PostAsync($"/documents/{issued.Body.Hash}/abort", content: null, token);
        Assert.Equal(HttpStatusCode.Conflict, abortCommitted.StatusCode);
        Assert.Equal("application/problem+json", abortCommitted.Content.Headers.ContentType?.MediaType);

        foreach (var node in fixture.App.Nodes.Values)
        {
            var record = await node.GetFromJsonAsync<DocumentRecordResponse>($"/documents/{fenced}", token);
            Assert.Equal(DocumentStatusNames.Aborted, record!.Status);
            var committed = await node.GetFromJsonAsync<DocumentRecordResponse>($"/documents/{issued.Body.Hash}", token);
            Assert.Equal(DocumentStatusNames.Committed, committed!.Status);
        }

        // Every node's raw log lists both decisions with their effects (a decided hash is refused before it reaches the
        // log, so the refused abort leaves no entry).
        await fixture.App.WaitForConvergenceAsync(token);
        foreach (var node in fixture.App.Nodes.Values)
        {
            var raw = (await node.GetFromJsonAsync<RawLogResponse>("/log?raw=true", token))!;
            Assert.Contains(raw.Entries, e => e.Hash == fenced && e.Kind == LogEntryKindNames.Abort && e.Effect == LogEntryEffectNames.Aborted);
            Assert.Contains(raw.Entries, e => e.Hash == issued.Body.Hash && e.Kind == LogEntryKindNames.Issue && e.Effect == LogEntryEffectNames.Issued);
        }
    }

    private async Task<List<List<LogEntryResponse>>> ConvergedLogsAsync(CancellationToken token)
    {
        await fixture.App.WaitForConvergenceAsync(token);
        var logs = new List<List<LogEntryResponse>>();
        foreach (var node in fixture.App.Nodes.Values)
        {
            logs.Add(await CivicTrustApp.ReadLogAsync(node, token));
        }

        return logs;
    }

    internal static async Task<(HttpStatusCode Status, IssueDocumentResponse Body, bool Retried)> IssueWithRetryAsync(HttpClient node, object content, CancellationToken token)
    {
        for (var retried = false; ; retried = true)
        {
            using var response = await node.PostAsJsonAsync("/documents", new { content, issuer = DrillIssuer.Name }, token);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(100, token);
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"POST /documents answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            return (response.StatusCode, (await response.Content.ReadFromJsonAsync<IssueDocumentResponse>(token))!, retried);
        }
    }
}
