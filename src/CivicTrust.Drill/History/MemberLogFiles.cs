using System.IO.Compression;
using System.Text.Json;

namespace CivicTrust.Drill.History;

/// <summary>
/// <c>logs/&lt;member&gt;.json.gz</c> in a report folder: each member's final logs, kept so that
/// <c>drill-runner check</c> can judge the run again without the cluster. Compressed, since a member's log can hold
/// millions of entries.
/// </summary>
public static class MemberLogFiles
{
    /// <summary>The folder, inside a report folder.</summary>
    public const string FolderName = "logs";

    private const string Extension = ".json.gz";

    /// <summary>Writes one file per member into <paramref name="reportDirectory"/>'s <see cref="FolderName"/>.</summary>
    public static async Task WriteAsync(string reportDirectory, IEnumerable<MemberLog> logs, CancellationToken token)
    {
        var folder = Path.Combine(reportDirectory, FolderName);
        Directory.CreateDirectory(folder);
        foreach (var log in logs)
        {
            await using var file = File.Create(Path.Combine(folder, log.NodeId + Extension));
            await using var zip = new GZipStream(file, CompressionLevel.Fastest);
            await JsonSerializer.SerializeAsync(zip, log, JsonSerializerOptions.Web, token);
        }
    }

    /// <summary>The members' logs saved in <paramref name="reportDirectory"/>, by member id; empty when none were saved.</summary>
    /// <exception cref="InvalidDataException">A file is not a member log.</exception>
    public static async Task<IReadOnlyList<MemberLog>> ReadAsync(string reportDirectory, CancellationToken token)
    {
        var folder = Path.Combine(reportDirectory, FolderName);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var logs = new List<MemberLog>();
        foreach (var path in Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            try
            {
                await using var file = File.OpenRead(path);
                await using var zip = new GZipStream(file, CompressionMode.Decompress);
                logs.Add(await JsonSerializer.DeserializeAsync<MemberLog>(zip, JsonSerializerOptions.Web, token)
                    ?? throw new InvalidDataException($"{path} holds no member log."));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} is not a member log: {e.Message}", e);
            }
        }

        return logs;
    }
}
