using System.Text.Json.Serialization;

namespace CivicTrust.Drill.Report;

/// <summary>One pass criterion: what was measured, against what, and whether it passed.</summary>
/// <param name="Id">Stable identifier (e.g. <c>no_duplicates</c>).</param>
/// <param name="Description">What the criterion demands.</param>
/// <param name="Measured">The measured value, as text.</param>
/// <param name="Threshold">The pass condition, as text.</param>
/// <param name="Passed">Whether the measurement meets it.</param>
public sealed record DrillCriterion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("measured")] string Measured,
    [property: JsonPropertyName("threshold")] string Threshold,
    [property: JsonPropertyName("passed")] bool Passed);
