using System.Text.Json;
using CivicTrust.Bench.Throughput;

// Write throughput and latency with closed-loop clients against a running cluster; prints numbers, asserts nothing.
//   dotnet run -c Release --project bench/Throughput -- <url>[,<url>...] [writes=20000] [clients=64]
//   dotnet run -c Release --project bench/Throughput -- --target civictrust|etcd --urls <url>[,<url>...]
//       [--clients 1,16,64] [--seconds 10] [--warmup 5] [--json <file>] [--timeline <file>]
// With several URLs the clients spread over them (CivicTrust followers forward to the leader, etcd's too); with the
// leader's URL alone it measures the leader path only. The second form runs once per client count, each after its
// own warm-up, and can append the results to a JSON file (an array) for bench/compare; --timeline writes every
// acknowledged write of the measured runs as "clients,answered_s,latency_ms" (CSV) to find stalls. CivicTrust
// documents are issued as civictrust-drill with the key in $CIVICTRUST_API_KEY.
try
{
    var options = Options.Parse(args);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };
    // A secured CivicTrust cluster takes writes with an issuer key only (the cluster scripts keep one in <dir>/issuer-key).
    if (Environment.GetEnvironmentVariable("CIVICTRUST_API_KEY") is { Length: > 0 } apiKey)
    {
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
    }

    var results = new List<LoadResult>();
    await using var timeline = options.TimelineFile is { } path ? new StreamWriter(path) : null;
    foreach (var clients in options.Clients)
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        // Warm-up: JIT on both sides, connections opened, the target's caches and files grown.
        await LoadRun.RunAsync(options.Target, http, options.Urls, clients, options.Warmup, options.Warmup is null ? 200 : null, run + "w");
        var result = await LoadRun.RunAsync(options.Target, http, options.Urls, clients, options.Duration, options.Writes, run, timeline);
        Console.WriteLine(result);
        results.Add(result);
    }

    if (options.JsonFile is { } file)
    {
        var existing = File.Exists(file) ? JsonSerializer.Deserialize<List<LoadResult>>(File.ReadAllText(file)) ?? [] : [];
        File.WriteAllText(file, JsonSerializer.Serialize(existing.Concat(results), new JsonSerializerOptions { WriteIndented = true }));
    }

    return results.All(r => r.Failures == 0) ? 0 : 1;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"throughput: {e.Message}");
    return 2;
}
