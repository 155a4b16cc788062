using System.Text.Json.Serialization;

namespace CivicTrust.Drill.History;

/// <summary>One request the drill made to a node: a line of <c>history.jsonl</c>.</summary>
/// <param name="Op"><c>issue</c>, <c>read</c> or <c>abort</c>.</param>
/// <param name="Node">The node's base URL.</param>
/// <param name="Hash">The document's hash.</param>
/// <param name="Attempt">1 for the first request of this kind for this hash, 2 for its first retry, and so on.</param>
/// <param name="StartMs">When the request was sent (Unix ms).</param>
/// <param name="EndMs">When it was answered or given up (Unix ms).</param>
/// <param name="Outcome"><c>ok</c>, <c>refused</c>, <c>unavailable</c>, <c>timeout</c>, <c>error</c> or <c>cancelled</c> (<see cref="OperationOutcomes"/>).</param>
/// <param name="Status">The HTTP status, when there was an answer.</param>
/// <param name="DocumentStatus">COMMITTED, ABORTED or PENDING, when the answer said.</param>
/// <param name="StartSeq">The drill's own order of things (<see cref="DrillHistory.Stamp"/>) when the request was sent:
/// milliseconds cannot tell a request sent just after a kill returned from one sent just before.</param>
/// <param name="EndSeq">The same when it was answered or given up.</param>
/// <param name="Index">The log index of the entry that decided the document, when the answer carried its record.</param>
/// <param name="Key">The <see cref="Keys.DrillKey.Sha256"/> of the run-time issuer key the request carried; absent when it
/// carried the drill's own key (whose hash is never written).</param>
public sealed record DrillOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("start_ms")] long StartMs,
    [property: JsonPropertyName("end_ms")] long EndMs,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("document_status")] string? DocumentStatus,
    [property: JsonPropertyName("start_seq")] long? StartSeq = null,
    [property: JsonPropertyName("end_seq")] long? EndSeq = null,
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Index = null,
    [property: JsonPropertyName("key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null);
