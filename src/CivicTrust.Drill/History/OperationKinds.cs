namespace CivicTrust.Drill.History;

/// <summary>The <c>op</c> of a <see cref="DrillOperation"/>: which request of the HTTP contract the drill made.</summary>
public static class OperationKinds
{
    /// <summary><c>POST /documents</c>.</summary>
    public const string Issue = "issue";

    /// <summary><c>GET /documents/{hash}</c>.</summary>
    public const string Read = "read";

    /// <summary><c>POST /documents/{hash}/abort</c>.</summary>
    public const string Abort = "abort";
}
