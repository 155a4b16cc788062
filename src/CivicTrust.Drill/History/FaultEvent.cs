using System.Text.Json.Serialization;

namespace CivicTrust.Drill.History;

/// <summary>
/// One thing the drill did to the cluster (a kill, a restart, a freeze, a cut, a damaged disk, an issuer key admitted or
/// revoked) or saw it do (a leader agreed on, a key's state on a member): a line of <c>history.jsonl</c> beside the operations, so that checkers judge the operations against the
/// faults from the history alone.
/// </summary>
/// <param name="Action">What happened (<see cref="FaultActions"/>).</param>
/// <param name="Node">The member's base URL.</param>
/// <param name="NodeId">The member's id, as its own status gave it.</param>
/// <param name="Pid">Its process id when the action began, if known.</param>
/// <param name="StartMs">When the action was started (Unix ms).</param>
/// <param name="EndMs">When it returned (Unix ms): a member is certainly down only after a kill's end, and may be up from a restart's start.</param>
/// <param name="Outcome"><c>ok</c>, or <c>failed</c> when the command failed (the member's state is then unknown).</param>
/// <param name="How">The injector, e.g. <c>SIGKILL by pid</c> or the command template.</param>
/// <param name="Detail">What else was known: the term of an agreed leader, the area damaged, a command's error.</param>
/// <param name="Crash">Whether <c>crash_ts</c>, the moment the failover is measured from, is this action's end.</param>
/// <param name="StartSeq">The drill's own order of things when the action was started (<see cref="DrillHistory.Stamp"/>).</param>
/// <param name="EndSeq">The same when it returned.</param>
/// <param name="Key">For an issuer-key action, the key's <see cref="Keys.DrillKey.Sha256"/>.</param>
/// <param name="Index">For an issuer-key action, the log index the member gave: where the key was admitted
/// (<see cref="FaultActions.AdmitKey"/>) or revoked (<see cref="FaultActions.RevokeKey"/>, <see cref="FaultActions.KeyListed"/>; 0 while it is active).</param>
public sealed record FaultEvent(
    [property: JsonPropertyName("fault")] string Action,
    [property: JsonPropertyName("node")] string? Node,
    [property: JsonPropertyName("node_id")] string? NodeId,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("start_ms")] long StartMs,
    [property: JsonPropertyName("end_ms")] long EndMs,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("how")] string? How = null,
    [property: JsonPropertyName("detail")] string? Detail = null,
    [property: JsonPropertyName("crash")] bool Crash = false,
    [property: JsonPropertyName("start_seq")] long? StartSeq = null,
    [property: JsonPropertyName("end_seq")] long? EndSeq = null,
    [property: JsonPropertyName("key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Index = null)
{
    /// <summary>The outcome of an action that did what it was asked.</summary>
    public const string Ok = "ok";

    /// <summary>The outcome of an action whose command failed.</summary>
    public const string Failed = "failed";
}
