using CivicTrust.Contracts;
using CivicTrust.Drill.Cluster;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Verification;

/// <summary>
/// Whether the new leader took fresh issuance: the run's fresh document (<see cref="DrillDocument.Fresh"/>) was
/// answered COMMITTED, and no member's log read decides it otherwise. A pure function of the history and the logs.
/// </summary>
public static class FreshIssuanceCheck
{
    /// <summary>When run <paramref name="runId"/>'s fresh document was acknowledged as COMMITTED (Unix ms); <see langword="null"/> if it was not.</summary>
    public static long? CommittedAt(string runId, IReadOnlyList<DrillOperation> history, IReadOnlyList<MemberLog> logs)
    {
        var fresh = DrillDocument.Fresh(runId).Hash;
        var acknowledged = history.FirstOrDefault(o =>
            o.Op == OperationKinds.Issue && o.Hash == fresh && o.Outcome == OperationOutcomes.Ok && o.DocumentStatus == DocumentStatusNames.Committed);
        var abortedInALog = logs.Any(l => l.Log.Any(e => e.Hash == fresh && e.Kind != LogEntryKindNames.Issue));
        return acknowledged is not null && !abortedInALog ? acknowledged.EndMs : null;
    }
}
