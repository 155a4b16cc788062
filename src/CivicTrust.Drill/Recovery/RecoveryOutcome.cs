using CivicTrust.Drill.Verification;

namespace CivicTrust.Drill.Recovery;

/// <summary>What the recovery phase established.</summary>
/// <param name="InFlight">How the documents in flight ended.</param>
/// <param name="FreshAtUnixMs">When the new leader committed a fresh document; <see langword="null"/> if it never did.</param>
/// <param name="RecoveredAtUnixMs">When both were done (the report's <c>recovery_ts</c>), or <see langword="null"/>.</param>
public sealed record RecoveryOutcome(InFlightResolution InFlight, long? FreshAtUnixMs, long? RecoveredAtUnixMs);
