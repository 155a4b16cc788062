namespace CivicTrust.Drill.Verification;

/// <summary>How the in-flight documents ended.</summary>
/// <param name="Committed">Found COMMITTED on the new leader (it finished them), or committed by the drill's resubmission.</param>
/// <param name="Aborted">Aborted: fenced by the drill, or found already aborted (see the breakdown properties).</param>
/// <param name="Pending">Hashes still undecided at the deadline: each one fails the drill.</param>
/// <param name="ResolvedAtUnixMs">When the last one became terminal, or <see langword="null"/> if some never did.</param>
public sealed record InFlightResolution(int Committed, int Aborted, IReadOnlyList<string> Pending, long? ResolvedAtUnixMs)
{
    /// <summary>Of <see cref="Aborted"/>: already ABORTED when the drill first asked (fenced by an earlier abort in the cluster).</summary>
    public int AbortedByCluster { get; init; }

    /// <summary>Of <see cref="Aborted"/>: aborted by the drill's own fence (its abort took effect).</summary>
    public int FencedByDrill { get; init; }

    /// <summary>How many read PENDING (appended, not yet committed) on the leader when first asked.</summary>
    public int PendingAtFirstRead { get; init; }

    /// <summary>Of <see cref="Committed"/>: committed by the drill's own resubmission (<see cref="ResolveMode.Retry"/>).</summary>
    public int ResubmittedByDrill { get; init; }

    /// <summary>Both resolutions' counts added up, for a run settled in two sweeps.</summary>
    public static InFlightResolution Combine(InFlightResolution first, InFlightResolution second) =>
        new(first.Committed + second.Committed, first.Aborted + second.Aborted, second.Pending,
            first is { Pending.Count: 0, ResolvedAtUnixMs: { } earlier } ? earlier : second.ResolvedAtUnixMs)
        {
            AbortedByCluster = first.AbortedByCluster + second.AbortedByCluster,
            FencedByDrill = first.FencedByDrill + second.FencedByDrill,
            PendingAtFirstRead = first.PendingAtFirstRead + second.PendingAtFirstRead,
            ResubmittedByDrill = first.ResubmittedByDrill + second.ResubmittedByDrill,
        };
}
