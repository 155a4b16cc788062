using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrust.Contracts;

namespace CivicTrust.DrillRunner.Cluster;

/// <summary>
/// <see cref="INodeClient"/> over HTTP. Every call has its own deadline: a request sent to a leader just before it
/// is killed would otherwise hang until the kernel gives up, and the drill would measure its own timeout instead
/// of the cluster's failover.
/// </summary>
public sealed class HttpNodeClient(HttpClient http, Uri endpoint, TimeSpan requestTimeout) : INodeClient
{
    private const int LogPageSize = 10_000;

    /// <inheritdoc/>
    public Uri Endpoint => endpoint;

    /// <inheritdoc/>
    public Task<ClusterStatusResponse> GetStatusAsync(CancellationToken token) =>
        SendAsync(async t => (await http.GetFromJsonAsync<ClusterStatusResponse>(new Uri(endpoint, "/cluster/status"), t))!, token);

    /// <inheritdoc/>
    public Task<NodeAnswer> IssueAsync(DrillDocument document, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var content = new StringContent(document.RequestBody, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(endpoint, "/documents"), content, t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public Task<NodeAnswer> GetDocumentAsync(string hash, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var response = await http.GetAsync(new Uri(endpoint, $"/documents/{hash}"), t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public Task<NodeAnswer> AbortAsync(string hash, CancellationToken token) =>
        SendAsync(async t =>
        {
            using var response = await http.PostAsync(new Uri(endpoint, $"/documents/{hash}/abort"), content: null, t);
            return await ReadAnswerAsync(response, t);
        }, token);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LogEntryResponse>> ReadLogAsync(CancellationToken token)
    {
        var entries = new List<LogEntryResponse>();
        while (true)
        {
            var from = entries.Count == 0 ? 0 : entries[^1].Index + 1;
            var page = await SendAsync(
                async t => (await http.GetFromJsonAsync<List<LogEntryResponse>>(new Uri(endpoint, $"/log?from={from}&limit={LogPageSize}"), t))!,
                token);
            entries.AddRange(page);
            if (page.Count < LogPageSize)
            {
                return entries;
            }
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
                async t => (await http.GetFromJsonAsync<RawLogResponse>(new Uri(endpoint, $"/log?raw=true&from={from}&limit={LogPageSize}"), t))!,
                token);
            availableFrom ??= page.AvailableFrom;
            entries.AddRange(page.Entries);
            if (page.Entries.Count < LogPageSize)
            {
                return new RawLogResponse(availableFrom.Value, entries);
            }
        }
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
        // connected") is the node going away, like a refused connect, not a bug in the drill.
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or JsonException && !token.IsCancellationRequested)
        {
            throw new NodeUnreachableException(endpoint, e);
        }
    }

    private static async Task<NodeAnswer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken token)
    {
        string? hash = null, status = null;
        var body = await response.Content.ReadAsByteArrayAsync(token);
        if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // A 409 problem carries the deciding record as "record"; a success body is the record itself.
                var record = root.TryGetProperty("record", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
                hash = record.TryGetProperty("hash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
                status = record.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            }
        }

        return new NodeAnswer(response.StatusCode, hash, status);
    }
}
