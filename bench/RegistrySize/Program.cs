using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CivicTrust.Documents;

// Usage: dotnet run -c Release --project bench/RegistrySize -- [documents] [documents per entry] [snapshot interval]
// Defaults: what a node sees under 64 clients (26 documents per log entry) with its default snapshot interval.
var documents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var perEntry = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 26;
var interval = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;

var before = Managed();
var registry = new DocumentRegistry();
var fill = Stopwatch.StartNew();
var index = 0L;
var commands = new List<DocumentCommand>(perEntry);
var slowest = 0.0;
var slowestCapture = 0.0;
Span<byte> content = stackalloc byte[8];
for (var n = 0; n < documents;)
{
    commands.Clear();
    for (var i = 0; i < perEntry && n < documents; i++, n++)
    {
        BitConverter.TryWriteBytes(content, (long)n);
        commands.Add(DocumentCommand.Issue(Convert.ToHexStringLower(SHA256.HashData(content)), "issuer-" + (n % 4)));
    }

    // Through the wire format, as the apply thread sees it: every decoded command has strings of its own.
    var decoded = DocumentBatch.Decode(DocumentBatch.Encode(commands));
    var started = Stopwatch.GetTimestamp();
    registry.ApplyBatch(++index, 1, decoded);
    slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    if (index % interval == 0)
    {
        // As the node's state machine does (it writes the capture on another thread; here it is dropped): a capture
        // compacts the raw log, which is what keeps it bounded.
        started = Stopwatch.GetTimestamp();
        registry.CaptureSnapshot();
        slowestCapture = Math.Max(slowestCapture, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

fill.Stop();
var withRawLog = Managed() - before;
Print("documents", documents.ToString("N0", CultureInfo.InvariantCulture));
Print("apply", $"{fill.Elapsed.TotalSeconds:F1} s ({documents / fill.Elapsed.TotalSeconds:N0} documents/s)");
Print("slowest apply of one entry", $"{slowest:F1} ms");
Print($"slowest capture (every {interval:N0} entries)", $"{slowestCapture:F2} ms");
Print("managed heap, raw log included", $"{withRawLog / 1e6:F1} MB, {(double)withRawLog / documents:F0} bytes per document");

var capture = Stopwatch.StartNew();
var snapshot = registry.CaptureSnapshot();
capture.Stop();
Print("snapshot capture (on the apply thread)", $"{capture.Elapsed.TotalMilliseconds:F2} ms");

// The raw log is compacted now; its list keeps its capacity for the next interval, as in a node.
var captured = Managed();
var held = captured - before;
Print("managed heap after the snapshot", $"{held / 1e6:F1} MB, {(double)held / documents:F0} bytes per document");
Print("process working set", $"{Environment.WorkingSet / 1e6:F0} MB");

var file = Path.GetTempFileName();
try
{
    var write = Stopwatch.StartNew();
    using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
    {
        snapshot.WriteTo(output);
    }

    write.Stop();
    Print("whole snapshot write (background)", $"{write.Elapsed.TotalMilliseconds:F0} ms, {new FileInfo(file).Length / 1e6:F1} MB");

    // What a node writes per snapshot now: one interval's new rows as a segment (before merges).
    var newRows = Math.Min(snapshot.Documents, interval * perEntry);
    var segment = Stopwatch.StartNew();
    using (var output = new FileStream(file + ".segment", FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
    {
        snapshot.WriteSegment(output, snapshot.Documents - newRows);
    }

    segment.Stop();
    Print($"segment of one interval ({newRows:N0} rows)", $"{segment.Elapsed.TotalMilliseconds:F0} ms, {new FileInfo(file + ".segment").Length / 1e6:F1} MB");
    File.Delete(file + ".segment");
    snapshot = null;

    var verify = Stopwatch.StartNew();
    using (var input = File.OpenRead(file))
    {
        CivicTrust.Documents.Integrity.SnapshotChecksum.Verify(input);
    }

    Print("snapshot checksum verified", $"{verify.Elapsed.TotalMilliseconds:F0} ms (part of the restore)");
    var beforeRestore = Managed();
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var restored = new DocumentRegistry();
    var restore = Stopwatch.StartNew();
    using (var input = File.OpenRead(file))
    {
        restored.RestoreSnapshot(input);
    }

    restore.Stop();
    Print("snapshot restore", $"{restore.Elapsed.TotalMilliseconds:F0} ms, {restored.Statistics.Documents:N0} documents, {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e6:F0} MB allocated");
    var restoredHeld = Managed() - beforeRestore;
    Print("managed heap of the restored registry", $"{restoredHeld / 1e6:F1} MB, {(double)restoredHeld / documents:F0} bytes per document");
    GC.KeepAlive(registry);
    GC.KeepAlive(restored);
}
finally
{
    File.Delete(file);
}

static long Managed()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static void Print(string what, string value) => Console.WriteLine($"{what,-40} {value}");
