using System.Collections.Concurrent;
using System.Text.Json;

namespace CivicTrust.DrillRunner.History;

/// <summary>
/// Every issue, read and abort the drill sent, in the order they ended; written as <c>history.jsonl</c> so the
/// verdict can be recomputed from it and the nodes' logs, and drawn as the report's timeline.
/// </summary>
public sealed class DrillHistory
{
    /// <summary>File name.</summary>
    public const string FileName = "history.jsonl";

    private readonly ConcurrentQueue<DrillOperation> _operations = new();
    private readonly ConcurrentDictionary<(string Op, string Hash), int> _attempts = new();

    /// <summary>The operations so far.</summary>
    public IReadOnlyList<DrillOperation> Operations => [.. _operations];

    /// <summary>The attempt number of the next <paramref name="op"/> for <paramref name="hash"/>.</summary>
    public int NextAttempt(string op, string hash) => _attempts.AddOrUpdate((op, hash), 1, (_, n) => n + 1);

    /// <summary>Adds one operation.</summary>
    public void Record(DrillOperation operation) => _operations.Enqueue(operation);

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>: one JSON object per line.</summary>
    public async Task<string> WriteAsync(string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        await using var writer = new StreamWriter(path);
        foreach (var operation in _operations)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(operation).AsMemory(), token);
        }

        return path;
    }

    /// <summary>Reads a <see cref="FileName"/> written by <see cref="WriteAsync"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not an operation.</exception>
    public static async Task<IReadOnlyList<DrillOperation>> ReadAsync(string path, CancellationToken token)
    {
        var operations = new List<DrillOperation>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, token))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                operations.Add(JsonSerializer.Deserialize<DrillOperation>(line) ?? throw new InvalidDataException($"{path}, line {number}: null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {number} is not an operation: {e.Message}", e);
            }
        }

        return operations;
    }
}
