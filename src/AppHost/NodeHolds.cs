using System.Globalization;

namespace CivicTrust.AppHost;

/// <summary>
/// Lets a crash schedule run under the AppHost: while a drill that restarts members itself runs, the
/// <see cref="NodeSupervisor"/> keeps the nodes it kills down, and starts one only when the drill asks. The drill asks
/// through its ordinary <c>--restart-command</c> (<see cref="RestartCommand"/>), which leaves a request file here.
/// </summary>
/// <remarks>
/// Files, not an API: the drill runner is a separate process that knows nothing of Aspire, and a restart command is
/// how it restarts members anywhere (ssh, kubectl, the standalone scripts). The request names the node by its id,
/// which under the AppHost is its resource name.
/// </remarks>
public sealed class NodeHolds
{
    private const string ActiveMarker = "active";
    private const string RequestPrefix = "restart-";
    private readonly string _directory;

    /// <summary>Holds kept in <paramref name="directory"/> (created on first use).</summary>
    public NodeHolds(string directory) => _directory = directory;

    /// <summary>Whether a drill that restarts members itself is running.</summary>
    public bool Active => File.Exists(Path.Combine(_directory, ActiveMarker));

    /// <summary>The drill's <c>--restart-command</c>: a request for the supervisor to start <c>{node}</c> again.</summary>
    public string RestartCommand => $"touch '{Path.Combine(_directory, RequestPrefix)}{{node}}'";

    /// <summary>Starts holding: nodes that die stay down until requested; stale requests of an earlier drill are dropped.</summary>
    public void Begin()
    {
        Directory.CreateDirectory(_directory);
        ClearRequests();
        File.WriteAllText(Path.Combine(_directory, ActiveMarker), DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>Stops holding (the drill ended): the supervisor brings back whatever is still down.</summary>
    public void End()
    {
        File.Delete(Path.Combine(_directory, ActiveMarker));
        ClearRequests();
    }

    /// <summary>The nodes the drill asked to start again, without taking the requests.</summary>
    public IReadOnlyList<string> Requested() =>
        Directory.Exists(_directory)
            ? [.. Directory.EnumerateFiles(_directory, RequestPrefix + "*").Select(f => Path.GetFileName(f)[RequestPrefix.Length..])]
            : [];

    /// <summary>Takes <paramref name="node"/>'s request: it is being started.</summary>
    public void Take(string node) => File.Delete(Path.Combine(_directory, RequestPrefix + node));

    private void ClearRequests()
    {
        foreach (var node in Requested())
        {
            Take(node);
        }
    }
}
