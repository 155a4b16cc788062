using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Issues unique documents with N concurrent clients (each a closed loop: send, await, send) and prints docs/s and
// latency percentiles. Usage:
//   dotnet run -c Release --project bench/Throughput -- <node url>[,<node url>...] [documents=20000] [clients=64]
// With several URLs the clients spread over them (followers forward to the leader); with the leader's URL alone it
// measures the leader path only.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Throughput <node url>[,<node url>...] [documents] [clients]");
    return 2;
}

var nodes = args[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u.TrimEnd('/') + "/")).ToArray();
var documents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
var run = Guid.NewGuid().ToString("n")[..8];
var latencies = new double[documents];
var failures = 0;
var next = -1;

// Warm-up: JIT on both sides, connections opened.
for (var i = 0; i < 200; i++)
{
    await Send(nodes[i % nodes.Length], $"warmup-{i}");
}

var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < documents)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = await Send(nodes[(client + i) % nodes.Length], i.ToString(CultureInfo.InvariantCulture));
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!ok)
        {
            Interlocked.Increment(ref failures);
        }
    }
})));
clock.Stop();

Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{documents} documents, {clients} clients, {nodes.Length} node(s): {documents / clock.Elapsed.TotalSeconds:0} docs/s; " +
    $"latency ms p50 {Percentile(0.50):0.0}, p95 {Percentile(0.95):0.0}, p99 {Percentile(0.99):0.0}, max {latencies[^1]:0.0}; failures {failures}"));
return failures == 0 ? 0 : 1;

async Task<bool> Send(Uri node, string serial)
{
    using var content = new StringContent($"{{\"content\":{{\"bench\":\"{run}\",\"serial\":\"{serial}\"}},\"issuer\":\"bench\"}}", Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(new Uri(node, "documents"), content);
    return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
}
