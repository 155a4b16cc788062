using System.Collections.Concurrent;
using System.Text.Json;
using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill.History;

/// <summary>
/// Every issue, read and abort the drill sent, in the order they ended, and every fault event (kills, restarts,
/// freezes, cuts, leaders agreed on); written as <c>history.jsonl</c> so the verdict can be recomputed from it and the
/// nodes' logs, and drawn as the report's timeline.
/// </summary>
public sealed class DrillHistory
{
    /// <summary>File name.</summary>
    public const string FileName = "history.jsonl";

    private readonly ConcurrentQueue<DrillOperation> _operations = new();
    private readonly ConcurrentQueue<FaultEvent> _faults = new();
    private readonly ConcurrentDictionary<(string Op, string Hash), int> _attempts = new();
    private readonly ConcurrentDictionary<string, DrillDocument> _documents = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The operations so far.</summary>
    public IReadOnlyList<DrillOperation> Operations => [.. _operations];

    /// <summary>
    /// The next number in the drill's own order of things: stamped when a request is sent or answered and when a fault
    /// action starts or returns, so that "sent after the kill returned" is exact, whatever the clock's resolution.
    /// </summary>
    public long Stamp() => Interlocked.Increment(ref _sequence);

    /// <summary>The attempt number of the next <paramref name="op"/> for <paramref name="hash"/>.</summary>
    public int NextAttempt(string op, string hash) => _attempts.AddOrUpdate((op, hash), 1, (_, n) => n + 1);

    /// <summary>The fault events so far.</summary>
    public IReadOnlyList<FaultEvent> Faults => [.. _faults];

    /// <summary>Keeps <paramref name="document"/>, sent by the drill, so that it can be sent again by its hash.</summary>
    public void Remember(DrillDocument document) => _documents.TryAdd(document.Hash, document);

    /// <summary>The document the drill sent under <paramref name="hash"/>, if it sent one.</summary>
    public DrillDocument? DocumentOf(string hash) => _documents.GetValueOrDefault(hash);

    /// <summary>Adds one operation.</summary>
    public void Record(DrillOperation operation) => _operations.Enqueue(operation);

    /// <summary>Adds one fault event.</summary>
    public void Record(FaultEvent fault) => _faults.Enqueue(fault);

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>: one JSON object per line.</summary>
    public async Task<string> WriteAsync(string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        await using var writer = new StreamWriter(path);
        // Each fault event goes in where it ended among the operations, so the file reads in the order things happened.
        var faults = new Queue<FaultEvent>(_faults.OrderBy(f => f.EndMs));
        foreach (var operation in _operations)
        {
            while (faults.TryPeek(out var fault) && fault.EndMs <= operation.EndMs)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(faults.Dequeue()).AsMemory(), token);
            }

            await writer.WriteLineAsync(JsonSerializer.Serialize(operation).AsMemory(), token);
        }

        foreach (var fault in faults)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(fault).AsMemory(), token);
        }

        return path;
    }

    /// <summary>Reads a <see cref="FileName"/> written by <see cref="WriteAsync"/> (or before fault events were kept: then it has none).</summary>
    /// <exception cref="InvalidDataException">A line is neither an operation nor a fault event.</exception>
    public static async Task<SavedHistory> ReadAsync(string path, CancellationToken token)
    {
        var operations = new List<DrillOperation>();
        var faults = new List<FaultEvent>();
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
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("fault", out _))
                {
                    faults.Add(json.Deserialize<FaultEvent>() ?? throw new InvalidDataException($"{path}, line {number}: null"));
                }
                else
                {
                    operations.Add(json.Deserialize<DrillOperation>() ?? throw new InvalidDataException($"{path}, line {number}: null"));
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {number} is not an operation or a fault event: {e.Message}", e);
            }
        }

        return new SavedHistory(operations, faults);
    }
}
