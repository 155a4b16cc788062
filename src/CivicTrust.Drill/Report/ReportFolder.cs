using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Report;

/// <summary>
/// Everything one drill leaves in its report folder: the verdict (JSON and Markdown), the history, the members'
/// final logs and the HTML timeline; with the history and logs, <c>drill-runner check</c> can judge it again.
/// </summary>
public static class ReportFolder
{
    /// <summary>Writes the folder; returns the paths of the JSON, Markdown and HTML reports.</summary>
    public static async Task<(string Json, string Markdown, string Html)> WriteAsync(
        DrillResult result, DrillHistory history, IReadOnlyList<MemberLog> logs, string directory, CancellationToken token)
    {
        var (json, markdown) = await DrillReport.WriteAsync(result, directory, token);
        await history.WriteAsync(directory, token);
        await MemberLogFiles.WriteAsync(directory, logs, token);
        var html = await DrillHtmlReport.WriteAsync(result, history.Operations, directory, token);
        return (json, markdown, html);
    }
}
