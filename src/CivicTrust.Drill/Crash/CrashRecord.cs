namespace CivicTrust.Drill.Crash;

/// <summary>What was killed, and when.</summary>
/// <param name="Target">The killed leader.</param>
/// <param name="Term">Its term when it was killed.</param>
/// <param name="CrashTs">When the kill was delivered (Unix ms).</param>
public sealed record CrashRecord(CrashTarget Target, long Term, long CrashTs);
