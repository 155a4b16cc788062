using System.Globalization;
using CivicTrust.Contracts;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// <c>linearizable</c>: every document hash behaves as a write-once register that starts undecided and is decided
/// once, COMMITTED (by an issue) or ABORTED (by an abort), and every answer the drill got fits one moment of decision
/// inside the window of one request that could have made it.
/// </summary>
/// <remarks>
/// <para>
/// A write-once register needs no search over orderings, unlike a general one: a history of it is linearizable
/// exactly when every answer names the same decided value, no request saw the hash undecided after a request that
/// saw it decided had already been answered, and some issue (for COMMITTED) or abort (for ABORTED) was in flight
/// between the last start of an "undecided" request and the first end of a "decided" one. A 201 is the request that
/// decided, so there is one at most and the moment lies within it.
/// </para>
/// <para>
/// Requests without an answer (timeouts, refused connections, 5xx, the drill's own cancellations) may or may not
/// have taken effect, as Knossos's <c>:info</c> and porcupine's unknown outcomes: an issue or abort among them may be
/// the one that decided, at any moment after it started. Refusals that name no state (400, 401, 403, 429) took no
/// effect. The members' logs are the register's final reads: the first entry for a hash names its decision, and a
/// hash in no log read is undecided when the logs were read.
/// </para>
/// </remarks>
public static class LinearizabilityCheck
{
    private const string Committed = DocumentStatusNames.Committed;
    private const string Aborted = DocumentStatusNames.Aborted;

    /// <summary>
    /// Checks every hash in <paramref name="history"/> against the members' logs as the drill read them at the end,
    /// from when the first of them was read; with no log read, against the history alone.
    /// </summary>
    public static LinearizabilityVerdict Check(IEnumerable<DrillOperation> history, IReadOnlyList<MemberLog> memberLogs) =>
        Check(history, memberLogs.ToDictionary(l => l.NodeId, l => l.Log, StringComparer.Ordinal),
            memberLogs.Count == 0 ? long.MaxValue : memberLogs.Min(l => l.ReadAtMs));

    /// <summary>Checks every hash in <paramref name="history"/> against the final <paramref name="memberLogs"/>.</summary>
    /// <param name="history">Every issue, read and abort of the run, in any order.</param>
    /// <param name="memberLogs">Each member's applied log, keyed by member; empty when none was read.</param>
    /// <param name="logsReadAtMs">When the logs were read (Unix ms).</param>
    public static LinearizabilityVerdict Check(
        IEnumerable<DrillOperation> history, IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> memberLogs, long logsReadAtMs)
    {
        var byHash = history.GroupBy(o => o.Hash, StringComparer.Ordinal).ToList();
        var finalReads = FinalReads(byHash.Select(g => g.Key), memberLogs, logsReadAtMs);
        var violations = new List<string>();
        foreach (var operations in byHash)
        {
            var register = Register.Of(operations, finalReads.GetValueOrDefault(operations.Key) ?? []);
            if (register.Violation() is { } why)
            {
                violations.Add($"{operations.Key}: {why}");
            }
        }

        return new LinearizabilityVerdict(byHash.Count, violations);
    }

    // The logs' view of each hash at the end: the decision of its first entry on each member, or undecided when no
    // member holds it. No log read is no final read (the unread members fail the drill on their own).
    private static Dictionary<string, List<Observation>> FinalReads(
        IEnumerable<string> hashes, IReadOnlyDictionary<string, IReadOnlyList<LogEntryResponse>> memberLogs, long readAtMs)
    {
        var reads = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        if (memberLogs.Count == 0)
        {
            return reads;
        }

        var wanted = hashes.ToHashSet(StringComparer.Ordinal);
        foreach (var (member, log) in memberLogs)
        {
            foreach (var entry in log.Where(e => wanted.Contains(e.Hash)).DistinctBy(e => e.Hash))
            {
                var value = entry.Kind == LogEntryKindNames.Abort ? Aborted : Committed;
                Add(reads, entry.Hash, new Observation(value, $"{member}'s log (index {entry.Index})", readAtMs, long.MaxValue));
            }
        }

        foreach (var hash in wanted.Where(h => !reads.ContainsKey(h)))
        {
            Add(reads, hash, new Observation(null, "no member's log", readAtMs, long.MaxValue));
        }

        return reads;
    }

    private static void Add(Dictionary<string, List<Observation>> reads, string hash, Observation observation)
    {
        if (!reads.TryGetValue(hash, out var list))
        {
            reads[hash] = list = [];
        }

        list.Add(observation);
    }

    private static string At(long ms) => ms == long.MaxValue ? "never" : ms.ToString(CultureInfo.InvariantCulture);

    /// <summary>A request's view of the register: <see cref="Value"/> is null for "undecided".</summary>
    private readonly record struct Observation(string? Value, string Label, long StartMs, long EndMs);

    /// <summary>A request that may have decided the register to <see cref="Value"/> somewhere in its window.</summary>
    private readonly record struct Writer(string Value, string Label, long StartMs, long EndMs, bool Created);

    private sealed class Register(List<Observation> observations, List<Writer> writers)
    {
        public static Register Of(IEnumerable<DrillOperation> operations, IEnumerable<Observation> finalReads)
        {
            var observations = new List<Observation>(finalReads);
            var writers = new List<Writer>();
            foreach (var o in operations)
            {
                var label = $"{o.Op} #{o.Attempt} at {o.Node} ({Answer(o)}, {o.StartMs}-{At(End(o))})";
                var known = o.Outcome is OperationOutcomes.Ok or OperationOutcomes.Refused;
                var decidedBy = o.Op switch { OperationKinds.Issue => Committed, OperationKinds.Abort => Aborted, _ => null };
                if (!known && decidedBy is not null)
                {
                    writers.Add(new Writer(decidedBy, label, o.StartMs, long.MaxValue, Created: false));
                }
                else if (Observed(o) is var (saw, value) && saw)
                {
                    observations.Add(new Observation(value, label, o.StartMs, o.EndMs));
                    // An answered issue or abort that found its own value may be the request that set it; a 201 is.
                    if (decidedBy is not null && value == decidedBy)
                    {
                        writers.Add(new Writer(decidedBy, label, o.StartMs, o.EndMs, Created: o.Status == 201));
                    }
                }
            }

            return new Register(observations, writers);
        }

        public string? Violation()
        {
            var decided = observations.Where(o => o.Value is not null).ToList();
            var values = decided.Select(o => o.Value).Distinct().ToList();
            if (values.Count > 1)
            {
                var committed = decided.First(o => o.Value == Committed);
                var aborted = decided.First(o => o.Value == Aborted);
                return $"answered both COMMITTED ({committed.Label}) and ABORTED ({aborted.Label})";
            }

            if (values.Count == 0)
            {
                return null;
            }

            var value = values[0]!;
            var creations = writers.Where(w => w.Created).ToList();
            if (creations.Count > 1)
            {
                return $"created (201) more than once: {creations[0].Label} and {creations[1].Label}";
            }

            // The moment of decision T: after every start of an "undecided" answer, before every end of a decided one.
            var firstDecided = decided.MinBy(o => o.EndMs);
            var undecided = observations.Where(o => o.Value is null).ToList();
            var from = undecided.Count == 0 ? long.MinValue : undecided.Max(o => o.StartMs);
            var until = firstDecided.EndMs;
            if (from > until)
            {
                return $"{undecided.MaxBy(o => o.StartMs).Label} found it undecided after {firstDecided.Label} had answered {value}";
            }

            var candidates = creations.Count == 1 ? creations : writers.Where(w => w.Value == value).ToList();
            if (!candidates.Any(w => Math.Max(from, w.StartMs) <= Math.Min(until, w.EndMs)))
            {
                var what = value == Committed ? OperationKinds.Issue : OperationKinds.Abort;
                var window = creations.Count == 1 ? $"the 201 ({creations[0].Label})" : $"no {what} that could have decided it";
                return $"{value} ({firstDecided.Label}) fits {window} between {At(from)} and {At(until)}";
            }

            return null;
        }

        private static long End(DrillOperation o) =>
            o.Outcome is OperationOutcomes.Ok or OperationOutcomes.Refused ? o.EndMs : long.MaxValue;

        private static string Answer(DrillOperation o) =>
            o.Status is { } status ? $"{status}{(o.DocumentStatus is { } s ? " " + s : string.Empty)}" : o.Outcome;

        // What an answered request saw: a decided value, "undecided" (PENDING, or 404: the leader knows nothing of
        // it; Value null), or nothing (a refusal that names no state took no effect and saw nothing; Saw false).
        private static (bool Saw, string? Value) Observed(DrillOperation o) => (o.Outcome, o.DocumentStatus, o.Status) switch
        {
            (OperationOutcomes.Ok or OperationOutcomes.Refused, Committed or Aborted, _) => (true, o.DocumentStatus),
            (OperationOutcomes.Ok, DocumentStatusNames.Pending, _) => (true, null),
            (OperationOutcomes.Refused, _, 404) when o.Op == OperationKinds.Read => (true, null),
            _ => (false, null),
        };
    }
}
