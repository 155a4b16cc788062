namespace CivicTrust.Node.Storage.Integrity;

/// <summary>How far a repair has to go, in the words the health check and the refused reads use.</summary>
public static class RepairPlanText
{
    /// <summary>What the member waits for before it votes and serves again.</summary>
    public static string Progress(RepairPlan? plan) => plan switch
    {
        null => "done",
        { AwaitsPeers: true } => "until every peer has said how far the cluster has gone",
        _ => $"until it holds the entries through index {plan.Watermark}",
    };
}
