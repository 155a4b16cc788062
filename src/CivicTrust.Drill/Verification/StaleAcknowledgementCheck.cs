using System.Globalization;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// <c>no_stale_acknowledgement</c>: no member answered a write 201 (the request that decided it) while it could not
/// have had a majority: cut off from its peers, or up with too few others for one. A pure function of the history's
/// operations and fault events.
/// </summary>
/// <remarks>
/// Judged in the drill's own order of things (<see cref="DrillHistory.Stamp"/>), not by the clock: a request sent in
/// the millisecond a kill returned may have been sent before it or after. A member is away after the action that took
/// it away returned (a kill has certainly landed by then) and until the action that gives it back started (a restart
/// may bring it up as soon as it begins), so a window is a span in which it certainly was away. Only documents first
/// sent after a window opened count: an entry appended before it may rightly commit inside it, on an acknowledgement
/// a peer sent before it died. Operations or events without a stamp (histories written before they were kept) are
/// not judged.
/// </remarks>
public static class StaleAcknowledgementCheck
{
    private const int Created = 201;

    /// <summary>Every 201 answered by a member that certainly had no majority, for documents first sent after it lost it; one finding each.</summary>
    /// <param name="operations">The history's operations.</param>
    /// <param name="faults">The history's fault events.</param>
    /// <param name="members">Members of the cluster.</param>
    public static IReadOnlyList<string> Find(IReadOnlyList<DrillOperation> operations, IReadOnlyList<FaultEvent> faults, int members)
    {
        var majority = (members / 2) + 1;
        var away = AwayWindows(faults);
        var firstSent = operations.Where(o => o is { Op: OperationKinds.Issue, StartSeq: not null }).GroupBy(o => o.Hash, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(o => o.StartSeq!.Value), StringComparer.Ordinal);
        var findings = new List<string>();
        foreach (var op in operations.Where(o => o is { Op: OperationKinds.Issue, Status: Created, EndSeq: not null }))
        {
            var (from, to) = (firstSent[op.Hash], op.EndSeq!.Value);
            if (away.FirstOrDefault(w => w.Node == op.Node && w.Action == FaultActions.Cut && w.From < from && to < w.Until) is { } cut)
            {
                findings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{op.Node} answered 201 for {op.Hash} at {op.EndMs} while cut off from its peers (cut at {cut.FromMs}, healed at {(cut.UntilMs is { } healed ? healed.ToString(CultureInfo.InvariantCulture) : "never")})"));
                continue;
            }

            var others = away.Where(w => w.Node != op.Node).ToList();
            var fewestAway = MomentsToCheck(others, from, to).Min(t => others.Count(w => w.From < t && t < w.Until));
            if (members - fewestAway < majority)
            {
                findings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{op.Node} answered 201 for {op.Hash} at {op.EndMs} while at most {members - fewestAway} of {members} members were up: no majority can have committed it"));
            }
        }

        return findings;
    }

    // The fewest members away within [from, to] are found at its start or where a window opens or closes inside it
    // (a window's ends are outside it).
    private static IEnumerable<long> MomentsToCheck(IEnumerable<AwayWindow> windows, long from, long to) =>
        windows.SelectMany(w => new[] { w.From, w.Until }).Where(t => t > from && t <= to).Append(from);

    // Per member and per way of taking it away, each action that took it away (and succeeded) paired with the next
    // that gave it back.
    private static List<AwayWindow> AwayWindows(IEnumerable<FaultEvent> faults)
    {
        var windows = new List<AwayWindow>();
        var stamped = faults.Where(f => f is { Node: not null, StartSeq: not null, EndSeq: not null }).OrderBy(f => f.StartSeq).ToList();
        foreach (var taking in stamped.Where(f => FaultActions.TakesAway(f.Action) && f.Outcome == FaultEvent.Ok))
        {
            var givenBackBy = FaultActions.GivenBackBy(taking.Action);
            var back = stamped.FirstOrDefault(f => f.Node == taking.Node && f.Action == givenBackBy && f.StartSeq > taking.EndSeq);
            windows.Add(new AwayWindow(taking.Node!, taking.Action, taking.EndSeq!.Value, back?.StartSeq ?? long.MaxValue, taking.EndMs, back?.StartMs));
        }

        return windows;
    }

    // A span of the drill's order in which a member was certainly away (both ends excluded), with its clock times for findings.
    private sealed record AwayWindow(string Node, string Action, long From, long Until, long FromMs, long? UntilMs);
}
