using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CivicTrust.Contracts;

namespace CivicTrust.Drill.Cluster;

/// <summary>
/// A document the drill issues. Its content is written directly in canonical JSON (sorted keys, no whitespace,
/// integers and plain ASCII strings only), so the drill knows the hash before sending, without any node code.
/// </summary>
/// <param name="Hash">SHA-256 of <paramref name="CanonicalContent"/>, lower-case hex.</param>
/// <param name="CanonicalContent">The content's canonical JSON text.</param>
/// <param name="Issuer">The issuer sent with it.</param>
public sealed record DrillDocument(string Hash, string CanonicalContent, string Issuer)
{
    /// <summary>Document number <paramref name="serial"/> of drill run <paramref name="runId"/>.</summary>
    /// <param name="runId">Lower-case letters and digits only, so the JSON needs no escaping.</param>
    /// <param name="serial">The document's number within the run.</param>
    /// <param name="kind">A plain ASCII tag (e.g. "load", "fresh").</param>
    public static DrillDocument Create(string runId, long serial, string kind)
    {
        var content = $"{{\"drill\":\"{runId}\",\"kind\":\"{kind}\",\"serial\":{serial.ToString(CultureInfo.InvariantCulture)}}}";
        return new DrillDocument(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), content, DrillIssuer.Name);
    }

    /// <summary>
    /// The one document of run <paramref name="runId"/> sent only to the new leader, after the failover, to prove it takes
    /// fresh issuance; derived from the run id alone, so a saved run's fresh document can be found again.
    /// </summary>
    public static DrillDocument Fresh(string runId) => Create(runId, 0, "fresh");

    /// <summary>The <c>POST /documents</c> body.</summary>
    public string RequestBody => $"{{\"content\":{CanonicalContent},\"issuer\":\"{Issuer}\"}}";
}
