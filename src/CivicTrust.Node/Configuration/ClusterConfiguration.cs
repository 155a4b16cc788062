using System.Globalization;
using CivicTrust.Documents;

namespace CivicTrust.Node.Configuration;

/// <summary>
/// Reads <see cref="ClusterOptions"/> and fills in DotNext's own keys, so a user configures a node with the few
/// keys in the README and never sees DotNext's. Invalid settings stop the node with a message that names the key.
/// </summary>
public static class ClusterConfiguration
{
    // Failover defaults measured on the 2-core build machines (docs/platform.md, "DotNext 6.12"; docs/performance.md):
    // 100/200 ms elections gave a 226 ms median SIGKILL failover (150/300 ms: 306-319 ms); a 2 s rpc timeout keeps a
    // lagging follower's snapshot install from timing out forever, while RaftMessageDeadlines keeps votes to a silent
    // member far shorter.
    private static readonly Dictionary<string, string> RaftDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lowerElectionTimeout"] = "100",
        ["upperElectionTimeout"] = "200",
        ["rpcTimeout"] = "00:00:02",
        ["requestTimeout"] = "00:00:03",
        ["coldStart"] = "false",
    };

    /// <summary>Validates the section and adds the derived DotNext keys to <paramref name="configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">A key is missing or inconsistent.</exception>
    public static ClusterOptions Bind(ConfigurationManager configuration)
    {
        var section = configuration.GetSection(ClusterOptions.SectionName);
        var members = ParseMembers(section["Members"]);
        var publicUrl = ParsePublicUrl(section["PublicUrl"], configuration["urls"]);
        if (!members.Contains(publicUrl))
        {
            throw new InvalidOperationException(
                $"Cluster:PublicUrl {publicUrl} is not one of Cluster:Members ({string.Join(", ", members)}). " +
                "Peers must know this node by the exact URL it announces.");
        }

        var dataDir = section["DataDir"];
        if (string.IsNullOrWhiteSpace(dataDir))
        {
            throw new InvalidOperationException("Cluster:DataDir is required: the directory of this node's write-ahead log.");
        }

        var derived = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{ClusterOptions.SectionName}:publicEndPoint"] = publicUrl.ToString(),
        };
        foreach (var (key, value) in RaftDefaults)
        {
            if (section[key] is null)
            {
                derived[$"{ClusterOptions.SectionName}:{key}"] = value;
            }
        }

        configuration.AddInMemoryCollection(derived);
        var lowerElectionTimeout = PositiveInt(section, "lowerElectionTimeout", int.Parse(RaftDefaults["lowerElectionTimeout"], CultureInfo.InvariantCulture));
        return new ClusterOptions
        {
            RaftDeadlines = new(VoteDeadline(lowerElectionTimeout), TimeSpan.FromMilliseconds(lowerElectionTimeout)),
            RaftConnectTimeout = TimeSpan.FromMilliseconds(lowerElectionTimeout),
            Members = members,
            PublicUrl = publicUrl,
            DataDir = Path.GetFullPath(dataDir),
            NodeId = section["NodeId"] is { Length: > 0 } id ? id : publicUrl.Authority,
            SnapshotInterval = PositiveInt(section, "SnapshotInterval", 10_000),
            CommitTimeout = TimeSpan.FromMilliseconds(PositiveInt(section, "CommitTimeoutMs", 10_000)),
            MaxEntriesInFlight = PositiveInt(section, "MaxEntriesInFlight", ClusterOptions.DefaultMaxEntriesInFlight),
            MaxBatchSize = PositiveInt(section, "MaxBatchSize", ClusterOptions.DefaultMaxBatchSize) is var size && size <= DocumentBatch.MaxCommands
                ? size
                : throw new InvalidOperationException($"Cluster:MaxBatchSize must be at most {DocumentBatch.MaxCommands}, not {size}."),
        };
    }

    /// <summary>
    /// How long a vote request to one member may take: below the lower election timeout, so a member that never
    /// answers cannot make an election outlast itself, but not under 75 ms, the deadline every soak passed with. Half
    /// the lower timeout (50 ms at 100 ms) is the suspect of a soak drill in which two survivors, one of them busy
    /// with a large snapshot, kept timing out each other's votes (docs/performance.md).
    /// </summary>
    public static TimeSpan VoteDeadline(int lowerElectionTimeoutMs) =>
        TimeSpan.FromMilliseconds(Math.Max(1, Math.Max(lowerElectionTimeoutMs / 2, Math.Min(75, lowerElectionTimeoutMs * 3 / 4))));

    private static List<Uri> ParseMembers(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                "Cluster:Members is required: the comma-separated URLs of every member, this node included " +
                "(e.g. http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103).");
        }

        var members = new List<Uri>();
        foreach (var part in value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var member = ParseUrl(part, "Cluster:Members");
            if (members.Contains(member))
            {
                throw new InvalidOperationException($"Cluster:Members names {member} twice.");
            }

            members.Add(member);
        }

        return members;
    }

    private static Uri ParsePublicUrl(string? configured, string? urls)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ParseUrl(configured, "Cluster:PublicUrl");
        }

        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            throw new InvalidOperationException("Cluster:PublicUrl is not set and there is no --urls address to default it to.");
        }

        return ParseUrl(first, "--urls (the default of Cluster:PublicUrl)");
    }

    private static Uri ParseUrl(string value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host is "*" or "+" or "0.0.0.0" || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException(
                $"{key}: '{value}' is not a member URL; expected http(s)://host:port with a concrete host and no path.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/", UriKind.Absolute);
    }

    private static int PositiveInt(IConfigurationSection section, string key, int defaultValue)
    {
        var value = section[key];
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new InvalidOperationException($"Cluster:{key} must be a positive integer, not '{value}'.");
    }
}
