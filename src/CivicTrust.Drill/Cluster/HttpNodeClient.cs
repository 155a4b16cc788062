using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Keys;

namespace CivicTrust.Drill.Cluster;

/// <summary>
/// <see cref="INodeClient"/> over HTTP. Every call has its own deadline: a request sent to a leader just before it
/// is killed would otherwise hang until the kernel gives up, and the drill would measure its own timeout instead
/// of the cluster's failover. With an issuer key, every request carries it as <c>Authorization: Bearer</c>.
/// </summary>
public sealed class HttpNodeClient(HttpClient http, Uri endpoint, TimeSpan requestTimeout, string? apiKey = null) : INodeClient
{
    /// <summary>
    /// Entries asked for per <c>/log</c> request. A node may answer fewer (it never splits a batched log entry), so
    /// the log is read until an empty page whatever this is.
    /// </summary>
    public int LogPageSize { get; init; } = 10_000;

    /// <inheritdoc/>
    public Uri Endpoint => endpoint;

    /// <inheritdoc/>
    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) =>
        SendAsync(t => GetJsonAsync<ClusterStatusResponse>("/cluster/status", t), token);

    /// <inheritdoc/>
    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var response = await PostAsync("/documents", new StringContent(document.RequestBody, Encoding.UTF8, "application/json"), t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var request = Request(HttpMethod.Get, $"/documents/{hash}");
            using var response = await http.SendAsync(request, t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var response = await PostAsync($"/documents/{hash}/abort", content: null, t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public INodeClient WithIssuerKey(DrillKey key) => new HttpNodeClient(http, endpoint, requestTimeout, key.Secret) { LogPageSize = LogPageSize };

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token)
    {
        var entries = new List<LogEntryResponse>();
        while (true)
        {
            var from = entries.Count == 0 ? 0 : entries[^1].Index + 1;
            var page = await SendAsync(
                t => GetJsonAsync<List<LogEntryResponse>>($"/log?from={from}&limit={LogPageSize}", t),
                token);
            // A node cuts its pages between log entries, so a page may hold fewer than the limit with more to come:
            // only an empty page ends the log.
            if (page.Count == 0)
            {
                return entries;
            }

            entries.AddRange(page);
        }
    }

    /// <inheritdoc/>
    public async Task<RawLogResponse> ReadRawLogAsync(CancellationToken token)
    {
        var entries = new List<RawLogEntryResponse>();
        long? availableFrom = null;
        while (true)
        {
            var from = entries.Count == 0 ? 0 : entries[^1].Index + 1;
            var page = await SendAsync(
                t => GetJsonAsync<RawLogResponse>($"/log?raw=true&from={from}&limit={LogPageSize}", t),
                token);
            availableFrom ??= page.AvailableFrom;
            if (page.Entries.Count == 0)
            {
                return new RawLogResponse(availableFrom.Value, entries);
            }

            entries.AddRange(page.Entries);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, path));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent? content, CancellationToken token)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = content;
        return await http.SendAsync(request, token);
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken token)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(token)
            ?? throw new JsonException($"{endpoint} answered {path} with JSON null.");
    }

    private async Task<T> SendAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(requestTimeout);
        try
        {
            return await call(deadline.Token);
        }
        // IOException: a connection that dies while a body is read (HttpIOException, "Transport endpoint is not
        // connected") is the node going away, like a refused connect, not a bug in the drill; so is a bare
        // SocketException, which a socket torn down by a kill can throw past the handler's wrapping.
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or OperationCanceledException or JsonException
            && !token.IsCancellationRequested)
        {
            throw new NodeUnreachableException(endpoint, e);
        }
    }

    // The contract's shapes, not probed JSON: a success is a document record (an issue's answer adds "duplicate"), a
    // 409 carries the deciding record nested; any other answer (a 503, a 401) has no record, only its status. The
    // record's index is kept: it is where the write landed, which a revocation is judged against.
    private static async Task<NodeAnswer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken token)
    {
        string? hash = null, status = null;
        long? index = null;
        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        if (json && response.IsSuccessStatusCode)
        {
            var record = await response.Content.ReadFromJsonAsync<DocumentRecordResponse>(token);
            (hash, status, index) = (record?.Hash, record?.Status, record?.Index);
        }
        else if (json && response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            var conflict = await response.Content.ReadFromJsonAsync<DocumentConflictProblem>(token);
            (hash, status, index) = (conflict?.Record?.Hash ?? conflict?.Hash, conflict?.Record?.Status, conflict?.Record?.Index);
        }

        return new NodeAnswer(response.StatusCode, hash, status, index);
    }
}
