namespace CivicTrust.Drill.Report;

/// <summary>What a member whose disk the drill damaged made of it.</summary>
/// <param name="Detected">It reported the damage (on <c>/cluster/status</c>).</param>
/// <param name="Repaired">It ended intact, repaired from its peers.</param>
/// <param name="Detail">What it said, for the report.</param>
public sealed record DamageOutcome(bool Detected, bool Repaired, string Detail);
