namespace CivicTrust.Drill.Report;

/// <summary>One criterion of a saved report beside the same criterion judged again from the saved history and logs.</summary>
/// <param name="Id">The criterion's id.</param>
/// <param name="Stored">The criterion as the report stored it; <see langword="null"/> when the report predates it.</param>
/// <param name="Recomputed">The criterion judged again; <see langword="null"/> for one that is not a function of the
/// history and the members' logs (it is taken as stored).</param>
public sealed record RecheckedCriterion(string Id, DrillCriterion? Stored, DrillCriterion? Recomputed)
{
    /// <summary>Whether the criterion holds: as recomputed when it was, else as stored.</summary>
    public bool Passed => (Recomputed ?? Stored)?.Passed ?? false;

    /// <summary>Whether the recomputation reaches the report's verdict on it (true when either side is missing).</summary>
    public bool Agrees => Recomputed is null || Stored is null || Recomputed.Passed == Stored.Passed;
}
