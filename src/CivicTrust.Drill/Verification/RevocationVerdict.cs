namespace CivicTrust.Drill.Verification;

/// <summary>What <see cref="RevocationCheck"/> found about the one revoked key of a run.</summary>
/// <param name="Key">The revoked key's hash.</param>
/// <param name="RevokedIndex">The revocation's log index, as its acknowledgement gave it.</param>
/// <param name="Members">The members of the run.</param>
/// <param name="ListedRevoked">Members that listed the key revoked at <paramref name="RevokedIndex"/> after the load.</param>
/// <param name="AcknowledgedWrites">Writes with the key answered 2xx, at any time.</param>
/// <param name="HighestIndex">The highest index among those answers, if any carried one.</param>
/// <param name="Probes">Documents sent with the key after the revocation was acknowledged.</param>
/// <param name="Refusals">(probe, member) pairs the member refused (401 or 403).</param>
/// <param name="Violations">What broke the guarantee, one line each; none when it held.</param>
public sealed record RevocationVerdict(
    string Key,
    long? RevokedIndex,
    int Members,
    int ListedRevoked,
    int AcknowledgedWrites,
    long? HighestIndex,
    int Probes,
    int Refusals,
    IReadOnlyList<string> Violations);
