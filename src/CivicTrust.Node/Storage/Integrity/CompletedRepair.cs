namespace CivicTrust.Node.Storage.Integrity;

/// <summary>A repair that completed: the member voted again from <paramref name="CompletedAt"/> on.</summary>
/// <param name="Plan">The repair.</param>
/// <param name="CompletedAt">When the member held its entries through the plan's watermark again.</param>
public sealed record CompletedRepair(RepairPlan Plan, DateTimeOffset CompletedAt);
