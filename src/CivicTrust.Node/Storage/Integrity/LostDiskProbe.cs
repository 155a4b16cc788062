using CivicTrust.Node.Configuration;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// For a member whose data directory was empty at start (<see cref="RepairPlan.ForEmptyDisk"/>): asks its peers how far
/// their logs and terms have gone (<c>GET /cluster-consensus/log-state</c>), and only once enough of them have answered
/// (<see cref="LostDiskVerdict.PeersNeeded"/>: both of three, three of four) lets the member vote. A new
/// cluster, where every peer is as empty, starts as usual; a member that lost its disk is repaired like a damaged one
/// (<see cref="StorageRepair"/>): no vote until it holds every entry a peer held, and never in a term it may have voted
/// in already (<see cref="LostDiskVerdict"/>).
/// </summary>
/// <remarks>
/// Until enough peers have answered the member takes appends but votes for no one and stands for nothing, so a
/// three-member cluster whose first start lacks a member waits for it, and a lost disk with a second member of three
/// down leaves the cluster unavailable rather than able to elect a leader without an acknowledged document
/// (docs/durability.md, "A lost disk"). Five members tolerate one silent peer besides.
/// </remarks>
public sealed class LostDiskProbe(
    StorageIntegrity integrity,
    ClusterOptions options,
    IHttpClientFactory clients,
    TimeProvider time,
    ILogger<LostDiskProbe> logger) : BackgroundService
{
    /// <summary>The named HTTP client the probe asks peers with (it carries the cluster secret).</summary>
    public const string ClientName = "memberProbe";

    /// <summary>Where a member tells a peer how far its log and terms have gone.</summary>
    public const string LogStatePath = "/cluster-consensus/log-state";

    private static readonly TimeSpan AskAgain = TimeSpan.FromMilliseconds(100); // a peer still starting answers within a second or two

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (integrity.Repair is not { AwaitsPeers: true } plan)
        {
            return;
        }

        var peers = options.Members.Where(member => member != options.PublicUrl).ToList();
        var needed = LostDiskVerdict.PeersNeeded(options.Members.Count);
        logger.LogWarning(
            "This member's data directory was empty at start: it votes for no one until {Needed} of its peers ({Peers}) have said how far the cluster has gone.",
            needed, string.Join(", ", peers));
        var answers = new Dictionary<Uri, MemberLogState>();
        var client = clients.CreateClient(ClientName);
        while (answers.Count < needed)
        {
            // A peer's log and term only move on (a lost uncommitted tail aside, which needs no cover): the first answer
            // of each, taken after this member lost its disk, covers everything it may have acknowledged or voted for.
            var asked = peers.Where(p => !answers.ContainsKey(p)).ToList();
            var states = await Task.WhenAll(asked.Select(peer => AskAsync(client, peer, stoppingToken)));
            foreach (var (peer, state) in asked.Zip(states))
            {
                if (state is not null)
                {
                    answers[peer] = state;
                }
            }

            if (answers.Count < needed)
            {
                await Task.Delay(AskAgain, time, stoppingToken);
            }
        }

        Conclude(plan, answers.Values);
    }

    private void Conclude(RepairPlan plan, IReadOnlyCollection<MemberLogState> answers)
    {
        var repair = LostDiskVerdict.Decide(plan, answers);
        var fence = repair?.VoteTermFence ?? LostDiskVerdict.Fence(answers);
        if (fence > 0)
        {
            VoteFenceFile.Write(options.DataDir, fence);
            integrity.RaiseVoteTermFence(fence);
        }

        if (repair is null)
        {
            RepairPlanFile.Delete(options.DataDir);
            integrity.EndRepairOfNewMember();
            logger.LogInformation("Every peer is as empty as this member: a new cluster. It votes as usual, in terms above {Fence}.", fence);
            return;
        }

        RepairPlanFile.Write(options.DataDir, repair);
        integrity.BeginRepair(repair);
        logger.LogWarning(
            "Lost disk: the peers hold entries through {Watermark}. This member is repaired from them and votes again once it holds them, never in a term up to {Fence}.",
            repair.Watermark, fence);
    }

    private async Task<MemberLogState?> AskAsync(HttpClient client, Uri peer, CancellationToken token)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
            deadline.CancelAfter(TimeSpan.FromSeconds(1));
            return await client.GetFromJsonAsync<MemberLogState>(new Uri(peer, LogStatePath), deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
            logger.LogDebug("{Peer} did not answer the lost-disk probe: {Error}", peer, e.Message);
            return null;
        }
    }
}
