using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// <c>no_write_after_revocation</c>: once the revocation of an issuer key is acknowledged at index R, no write with the
/// key is applied above R on any member, and none is acknowledged. A pure function of the history: the operations
/// (each names the run-time key it carried and the index its answer gave), the revocation event (crash_ts, with R), and
/// the members' own listings of the key taken after the load (<see cref="FaultActions.KeyListed"/> events).
/// </summary>
/// <remarks>
/// Four ways it breaks: (a) a member that does not list the key revoked at R (another index, still active, or no
/// answer); (b) a 2xx to a write with the key sent after the revocation was acknowledged; (c) a 2xx to a write with the
/// key whose record is at R or above, or names no index (the answer cannot show where it landed); (d) a probe (a write
/// with the key sent after the acknowledgement) that a member did not refuse with 401 or 403, a member never probed,
/// or no probe at all. "After" is the drill's own order (<see cref="DrillHistory.Stamp"/>), as in
/// <see cref="StaleAcknowledgementCheck"/>; a history without stamps falls back to the clock. Writes that were never
/// answered prove nothing either way, and writes with other keys are not judged.
/// </remarks>
public static class RevocationCheck
{
    private const int Unauthorized = 401;
    private const int Forbidden = 403;

    /// <summary>
    /// Judges the revoked key of <paramref name="faults"/> (the <see cref="FaultActions.RevokeKey"/> event that marks
    /// <c>crash_ts</c>); <see langword="null"/> when the history holds no such revocation.
    /// </summary>
    /// <param name="operations">The history's operations.</param>
    /// <param name="faults">The history's fault events.</param>
    /// <param name="members">Every member's base URL.</param>
    public static RevocationVerdict? Check(IReadOnlyList<DrillOperation> operations, IReadOnlyList<FaultEvent> faults, IReadOnlyList<string> members)
    {
        if (faults.LastOrDefault(f => f is { Action: FaultActions.RevokeKey, Crash: true, Outcome: FaultEvent.Ok, Key: not null }) is not { } revocation)
        {
            return null;
        }

        var key = revocation.Key!;
        var violations = new List<string>();
        if (revocation.Index is not { } revokedIndex)
        {
            violations.Add("the revocation's acknowledgement gave no index: nothing can be judged against it");
            revokedIndex = long.MaxValue;
        }

        var listedRevoked = CheckListings(faults, key, revokedIndex, members, violations);
        var writes = operations.Where(o => o.Key == key && o.Op is OperationKinds.Issue or OperationKinds.Abort).ToList();
        var probes = writes.Where(o => After(o, revocation)).ToList();
        foreach (var accepted in probes.Where(o => o.Outcome == OperationOutcomes.Ok))
        {
            violations.Add(Invariant($"{accepted.Node} answered {accepted.Status} to {accepted.Op} {accepted.Hash} with the revoked key, sent at {accepted.StartMs}, after the revocation was acknowledged at {revocation.EndMs}"));
        }

        // Those sent after the acknowledgement are (b)'s already: one finding per answer.
        var acknowledged = writes.Where(o => o.Outcome == OperationOutcomes.Ok).ToList();
        foreach (var late in acknowledged.Where(o => !After(o, revocation) && !(o.Index < revokedIndex)))
        {
            violations.Add(late.Index is { } index
                ? Invariant($"{late.Node} answered {late.Status} to {late.Op} {late.Hash} with the key at index {index}, not below the revocation's {revokedIndex}")
                : Invariant($"{late.Node} answered {late.Status} to {late.Op} {late.Hash} with the key without the index it landed at"));
        }

        var refusals = CheckProbes(probes, members, violations);
        return new RevocationVerdict(key, revocation.Index, members.Count, listedRevoked, acknowledged.Count, acknowledged.Max(o => o.Index),
            probes.Select(p => p.Hash).Distinct(StringComparer.Ordinal).Count(), refusals, violations);
    }

    // (a): each member's last listing of the key, taken after the load.
    private static int CheckListings(IReadOnlyList<FaultEvent> faults, string key, long revokedIndex, IReadOnlyList<string> members, List<string> violations)
    {
        var agreeing = 0;
        foreach (var member in members)
        {
            var listed = faults.LastOrDefault(f => f.Action == FaultActions.KeyListed && f.Key == key && Same(f.Node, member));
            var problem = listed switch
            {
                null => "never listed its keys after the load",
                { Outcome: not FaultEvent.Ok } => $"could not be asked for its keys: {listed.Detail}",
                { Detail: not IssuerKeyStateNames.Revoked } => $"lists the key {listed.Detail}, not revoked",
                { Index: var index } when index != revokedIndex => Invariant($"lists the key revoked at index {index}, not at the acknowledged {revokedIndex}"),
                _ => null,
            };
            if (problem is null)
            {
                agreeing++;
            }
            else
            {
                violations.Add($"{member} {problem}");
            }
        }

        return agreeing;
    }

    // (d): every probe went to every member and each refused it; returns the refusals.
    private static int CheckProbes(List<DrillOperation> probes, IReadOnlyList<string> members, List<string> violations)
    {
        if (probes.Count == 0)
        {
            violations.Add("no write with the key was sent after its revocation: no member was probed");
            return 0;
        }

        var refusals = 0;
        foreach (var hash in probes.Select(p => p.Hash).Distinct(StringComparer.Ordinal))
        {
            foreach (var member in members)
            {
                var answers = probes.Where(p => p.Hash == hash && Same(p.Node, member)).ToList();
                if (answers.Count == 0)
                {
                    violations.Add($"probe {hash} was never sent to {member}");
                }
                else if (answers.Any(a => a.Status is Unauthorized or Forbidden))
                {
                    refusals++;
                }
                else
                {
                    violations.Add($"{member} did not refuse probe {hash} (answered {string.Join(", ", answers.Select(Answer))})");
                }
            }
        }

        return refusals;
    }

    // Sent after the revocation returned: by the drill's own order when both are stamped.
    private static bool After(DrillOperation o, FaultEvent revocation) =>
        o.StartSeq is { } sent && revocation.EndSeq is { } acknowledged ? sent > acknowledged : o.StartMs > revocation.EndMs;

    private static bool Same(string? node, string member) => string.Equals(node?.TrimEnd('/'), member.TrimEnd('/'), StringComparison.Ordinal);

    private static string Answer(DrillOperation o) => o.Status?.ToString(CultureInfo.InvariantCulture) ?? o.Outcome;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
