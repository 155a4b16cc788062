namespace CivicTrust.Drill.History;

/// <summary>A <c>history.jsonl</c> as read back: the operations and the fault events, each in the file's order.</summary>
/// <param name="Operations">Every issue, read and abort.</param>
/// <param name="Faults">Every fault event; empty in a history written before they were kept.</param>
public sealed record SavedHistory(IReadOnlyList<DrillOperation> Operations, IReadOnlyList<FaultEvent> Faults);
