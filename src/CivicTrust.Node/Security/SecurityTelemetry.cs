using System.Diagnostics.Metrics;
using CivicTrust.Node.Telemetry;

namespace CivicTrust.Node.Security;

/// <summary>The security instruments, on the node's meter.</summary>
public static class SecurityTelemetry
{
    /// <summary>Requests refused for want of a valid key, the right issuer or the cluster secret.</summary>
    public static readonly Counter<long> Refusals =
        NodeTelemetry.Meter.CreateCounter<long>("civictrust.security.refusals", "{request}",
            "Requests refused: missing, malformed, unknown or revoked issuer key, a write of a revoked key reaching the log, wrong issuer, missing or wrong cluster secret or admin key, over the rate limit.");

    /// <summary>Counts one refusal, tagged with why.</summary>
    public static void RecordRefusal(string reason) => Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
