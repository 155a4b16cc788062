using System.Text.Json;
using CivicTrust.Contracts;
using CivicTrust.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CivicTrust.Node.Api;

/// <summary>Reads and validates a <c>POST /documents</c> body; every rejection says what to fix.</summary>
public static class IssueRequestReader
{
    /// <summary>Largest accepted body.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Describes the body it reads (<see cref="IssueDocumentRequest"/>, JSON) in the OpenAPI document.</summary>
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(IssueDocumentRequest), cancellationToken: token);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }

    /// <summary>Returns the request, or the problem to answer with.</summary>
    public static async Task<(IssueRequest? Request, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken token)
    {
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return (null, Problems.UnsupportedMediaType($"Content-Type '{contentType}' is not JSON; send application/json."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.TooLarge($"The body is {request.ContentLength} bytes; the limit is {MaxBodyBytes} bytes (1 MiB)."));
        }

        var body = await ReadBodyAsync(request.Body, token);
        if (body is null)
        {
            return (null, Problems.TooLarge($"The body is over the limit of {MaxBodyBytes} bytes (1 MiB)."));
        }

        return Parse(body);
    }

    private static (IssueRequest? Request, ProblemHttpResult? Problem) Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {e.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest("The body must be a JSON object {\"content\": ..., \"issuer\": \"...\"}."));
            }

            if (!root.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                return (null, Problems.BadRequest("'content' is missing: the document to issue, any JSON value but null."));
            }

            if (!root.TryGetProperty("issuer", out var issuerElement) || issuerElement.ValueKind != JsonValueKind.String
                || issuerElement.GetString() is not { Length: > 0 and <= DocumentCommand.MaxIssuerLength } issuer
                || string.IsNullOrWhiteSpace(issuer))
            {
                return (null, Problems.BadRequest($"'issuer' must be a non-blank string of at most {DocumentCommand.MaxIssuerLength} characters."));
            }

            try
            {
                return (new IssueRequest(DocumentHash.Compute(content), issuer, body), null);
            }
            catch (InvalidDocumentException e)
            {
                return (null, Problems.BadRequest(e.Message));
            }
        }
    }

    // Reads at most MaxBodyBytes + 1 so a body without Content-Length cannot exhaust memory; null means too large.
    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, token)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
