using System.Globalization;

namespace CivicTrust.Bench.Throughput;

/// <summary>The command line.</summary>
public sealed record Options(LoadTarget Target, IReadOnlyList<Uri> Urls, IReadOnlyList<int> Clients, TimeSpan? Duration, long? Writes, TimeSpan? Warmup, string? JsonFile, string? TimelineFile = null)
{
    public static Options Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("usage: Throughput <url>[,<url>...] [writes] [clients]  |  --target civictrust|etcd --urls <urls> [--clients 1,16,64] [--seconds 10] [--warmup 5] [--json <file>] [--timeline <file>]");
        }

        if (!args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return new Options(LoadTarget.Named("civictrust"), ParseUrls(args[0]), [args.Length > 2 ? Positive(args[2]) : 64], null, args.Length > 1 ? Positive(args[1]) : 20_000, null, null);
        }

        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !flags.TryAdd(args[i], args[i + 1]) || args[i] is not ("--target" or "--urls" or "--clients" or "--seconds" or "--warmup" or "--json" or "--timeline"))
            {
                throw new ArgumentException($"'{args[i]}' is unknown, repeated or has no value");
            }
        }

        return new Options(
            LoadTarget.Named(flags.GetValueOrDefault("--target", "civictrust")),
            ParseUrls(flags.GetValueOrDefault("--urls") ?? throw new ArgumentException("--urls is required")),
            [.. flags.GetValueOrDefault("--clients", "1,16,64").Split(',').Select(Positive)],
            TimeSpan.FromSeconds(Positive(flags.GetValueOrDefault("--seconds", "10"))),
            null,
            TimeSpan.FromSeconds(Positive(flags.GetValueOrDefault("--warmup", "5"))),
            flags.GetValueOrDefault("--json"),
            flags.GetValueOrDefault("--timeline"));
    }

    private static List<Uri> ParseUrls(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => Uri.TryCreate(u.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"'{u}' is not a URL"))];

    private static int Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"'{text}' is not a positive number");
}
