using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill.Keys;

/// <summary>
/// <see cref="IIssuerKeyAdmin"/> over HTTP: every request carries the admin key as <c>Authorization: Bearer</c> and its
/// own deadline, like <see cref="HttpNodeClient"/>'s, and a member that does not answer is a
/// <see cref="NodeUnreachableException"/>. The admin key is never part of an answer, an exception or a description.
/// </summary>
public sealed class HttpIssuerKeyAdmin(HttpClient http, string adminKey, TimeSpan requestTimeout) : IIssuerKeyAdmin
{
    private const string Path = "/admin/issuer-keys";

    /// <inheritdoc/>
    public string Description => $"{Path} with the admin key";

    /// <inheritdoc/>
    public Task<AdminAnswer<IssuerKeyResponse>> AddAsync(Uri member, AddIssuerKeyRequest request, CancellationToken token) =>
        SendAsync<IssuerKeyResponse>(member, HttpMethod.Post, Path, JsonContent.Create(request), token);

    /// <inheritdoc/>
    public Task<AdminAnswer<IssuerKeyResponse>> RevokeAsync(Uri member, string keySha256, CancellationToken token) =>
        SendAsync<IssuerKeyResponse>(member, HttpMethod.Post, $"{Path}/{Uri.EscapeDataString(keySha256)}/revoke", content: null, token);

    /// <inheritdoc/>
    public Task<AdminAnswer<IssuerKeyListResponse>> ListAsync(Uri member, CancellationToken token) =>
        SendAsync<IssuerKeyListResponse>(member, HttpMethod.Get, Path, content: null, token);

    private async Task<AdminAnswer<T>> SendAsync<T>(Uri member, HttpMethod method, string path, HttpContent? content, CancellationToken token)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(requestTimeout);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(member, path)) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            using var response = await http.SendAsync(request, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return new AdminAnswer<T>(response.StatusCode, await response.Content.ReadFromJsonAsync<T>(deadline.Token));
            }

            return new AdminAnswer<T>(response.StatusCode, null, await ProblemAsync(response, deadline.Token), RetryAfter(response));
        }
        // The same failures HttpNodeClient takes for a member going away (see there), and an answer that is not the
        // contract's JSON, which the caller reports like a member it could not read.
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or OperationCanceledException or JsonException
            && !token.IsCancellationRequested)
        {
            throw new NodeUnreachableException(member, e);
        }
    }

    // A problem+json's title and detail, for the error the drill reports; whatever else a refusal carries is left.
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, CancellationToken token)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
        if (problem.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? Text(string name) => problem.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return string.Join(": ", new[] { Text("title"), Text("detail") }.Where(t => !string.IsNullOrWhiteSpace(t)));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
