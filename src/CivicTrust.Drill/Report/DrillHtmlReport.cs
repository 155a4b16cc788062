using System.Globalization;
using System.Xml.Linq;
using CivicTrust.Drill.History;

namespace CivicTrust.Drill.Report;

/// <summary>
/// <c>drill-report.html</c>: one self-contained page (no scripts, no external files) with an SVG timeline in the
/// spirit of Jepsen's plots: acknowledgements per 50 ms, then every request's latency over time, one row per node,
/// coloured by outcome, with crash → failover → recovery shaded; then the criteria and the findings. Built as XML, so
/// it is well-formed by construction.
/// </summary>
public static class DrillHtmlReport
{
    /// <summary>File name.</summary>
    public const string FileName = "drill-report.html";

    private const int Width = 960;
    private const int Left = 70;
    private const int Right = 20;
    private const int BarsTop = 30;
    private const int BarsHeight = 110;
    private const int RowHeight = 90;
    private const int RowGap = 18;
    private const int BucketMs = 50;
    private const int MaxPoints = 20_000;

    private static readonly string[] CriteriaHeadings = ["criterion", "requirement", "measured", "threshold", "result"];

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    private static readonly (string Outcome, string Colour)[] Palette =
    [
        (OperationOutcomes.Ok, "#2e7d32"), (OperationOutcomes.Refused, "#ef6c00"), (OperationOutcomes.Unavailable, "#c62828"),
        (OperationOutcomes.Timeout, "#6a1b9a"), (OperationOutcomes.Error, "#000000"),
        (OperationOutcomes.Cancelled, "#9e9e9e"),
    ];

    /// <summary>The page for <paramref name="result"/> and its <paramref name="operations"/>.</summary>
    public static XDocument ToHtml(DrillResult result, IReadOnlyList<DrillOperation> operations)
    {
        var body = new XElement(Xhtml + "body",
            new XElement(Xhtml + "h1", $"Node-crash drill {result.RunId}: {(result.Passed ? "PASSED" : "FAILED")}"),
            new XElement(Xhtml + "p", $"Fault {result.Fault} on {result.OldLeaderId} ({result.CrashMethod}); new leader {result.NewLeaderId ?? "none"}. " +
                $"Failover {Ms(result.FailoverDurationMs)}, recovery {Ms(result.RecoveryDurationMs)} after it, write gap {Ms(result.WriteGapMs)}. " +
                $"{result.DocumentsSubmitted} documents submitted, {result.DocumentsAcknowledged} acknowledged, {operations.Count} requests drawn."),
            Timeline(result, operations),
            new XElement(Xhtml + "h2", "Criteria"),
            new XElement(Xhtml + "table",
                new XElement(Xhtml + "tr", CriteriaHeadings.Select(h => new XElement(Xhtml + "th", h))),
                result.Criteria.Select(c => new XElement(Xhtml + "tr",
                    new XAttribute("class", c.Passed ? "pass" : "fail"),
                    new XElement(Xhtml + "td", new XElement(Xhtml + "code", c.Id)),
                    new XElement(Xhtml + "td", c.Description),
                    new XElement(Xhtml + "td", c.Measured),
                    new XElement(Xhtml + "td", c.Threshold),
                    new XElement(Xhtml + "td", c.Passed ? "PASS" : "FAIL")))),
            result.Errors.Count == 0 ? null : new XElement(Xhtml + "h2", "Errors"),
            result.Errors.Count == 0 ? null : new XElement(Xhtml + "ul", result.Errors.Select(e => new XElement(Xhtml + "li", e))),
            new XElement(Xhtml + "h2", "Findings"),
            new XElement(Xhtml + "ul", result.Findings.Select(f => new XElement(Xhtml + "li", f))));
        return new XDocument(
            new XDocumentType("html", null, null, null),
            new XElement(Xhtml + "html",
                new XAttribute("lang", "en"),
                new XElement(Xhtml + "head",
                    new XElement(Xhtml + "meta", new XAttribute("charset", "utf-8")),
                    new XElement(Xhtml + "title", $"Drill {result.RunId}"),
                    new XElement(Xhtml + "style", Style)),
                body));
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(DrillResult result, IReadOnlyList<DrillOperation> operations, string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        await File.WriteAllTextAsync(path, ToHtml(result, operations).ToString(SaveOptions.DisableFormatting), token);
        return path;
    }

    private static XElement Timeline(DrillResult result, IReadOnlyList<DrillOperation> operations)
    {
        var nodes = result.Nodes.ToList();
        var start = result.StartedTs;
        var end = Math.Max(result.Timeline.FinishedTs, operations.Count == 0 ? start + 1 : operations.Max(o => o.EndMs));
        var height = BarsTop + BarsHeight + 40 + (nodes.Count * (RowHeight + RowGap)) + 40;
        double X(long ms) => Left + ((double)(ms - start) / Math.Max(1, end - start) * (Width - Left - Right));
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", height), new XAttribute("viewBox", $"0 0 {Width} {height}"),
            new XAttribute("role", "img"), new XAttribute("aria-label", "drill timeline"));
        var plotBottom = height - 30;

        // Phases first, under everything else.
        Band(svg, X, result.CrashTs, result.FailoverTs, BarsTop, plotBottom, "#ffcdd2", "failover");
        Band(svg, X, result.FailoverTs, result.RecoveryTs, BarsTop, plotBottom, "#ffe0b2", "recovery");
        // Labels on four levels: failover, throughput and recovery are often a few pixels apart.
        Marker(svg, X, result.CrashTs, BarsTop, plotBottom, "crash", 0);
        Marker(svg, X, result.FailoverTs, BarsTop, plotBottom, "new leader", 1);
        Marker(svg, X, result.RecoveryTs, BarsTop, plotBottom, "recovered", 2);
        Marker(svg, X, result.ThroughputRecoveredTs, BarsTop, plotBottom, "throughput back", 3);

        // Acknowledgements per bucket.
        var acks = operations.Where(o => o.Op == OperationKinds.Issue && o.Outcome == OperationOutcomes.Ok)
            .GroupBy(o => (o.EndMs - start) / BucketMs).ToDictionary(g => g.Key, g => g.Count());
        var peak = Math.Max(1, acks.Count == 0 ? 1 : acks.Values.Max());
        svg.Add(Text(Left - 8, BarsTop + 10, $"{peak}", "end"), Text(Left - 8, BarsTop + BarsHeight, "0", "end"),
            Text(Left, BarsTop - 8, $"acknowledged documents per {BucketMs} ms", "start"));
        foreach (var (bucket, count) in acks)
        {
            var x = X(start + (bucket * BucketMs));
            var h = (double)count / peak * BarsHeight;
            svg.Add(new XElement(Svg + "rect", Attr("x", x), Attr("y", BarsTop + BarsHeight - h), Attr("width", Math.Max(1, X(start + BucketMs) - X(start) - 0.5)), Attr("height", h), new XAttribute("fill", "#1565c0")));
        }

        // Latency per node, log scale 1 ms .. max, newest on top.
        var maxLatency = Math.Max(10, operations.Count == 0 ? 10 : operations.Max(o => o.EndMs - o.StartMs));
        var step = Math.Max(1, operations.Count / MaxPoints);
        for (var row = 0; row < nodes.Count; row++)
        {
            var top = BarsTop + BarsHeight + 40 + (row * (RowHeight + RowGap));
            svg.Add(new XElement(Svg + "rect", Attr("x", Left), Attr("y", top), Attr("width", Width - Left - Right), Attr("height", RowHeight), new XAttribute("fill", "none"), new XAttribute("stroke", "#bdbdbd")),
                Text(Left, top - 4, $"latency on {nodes[row]} (log scale, 1 ms to {maxLatency} ms)", "start"));
            double Y(long latency) => top + RowHeight - (Math.Log10(Math.Max(1, latency)) / Math.Log10(maxLatency) * RowHeight);
            var mine = operations.Where(o => o.Node.TrimEnd('/') == nodes[row].TrimEnd('/')).ToList();
            foreach (var (operation, i) in mine.Select((o, i) => (o, i)))
            {
                // Sampled when there are too many to draw; what went wrong is always drawn.
                if (operation.Outcome == OperationOutcomes.Ok && i % step != 0)
                {
                    continue;
                }

                svg.Add(new XElement(Svg + "circle", Attr("cx", X(operation.EndMs)), Attr("cy", Y(operation.EndMs - operation.StartMs)), new XAttribute("r", "1.6"),
                    new XAttribute("fill", Palette.First(p => p.Outcome == operation.Outcome).Colour)));
            }
        }

        // Time axis and legend.
        var seconds = (end - start) / 1000;
        var tick = seconds > 30 ? 5 : 1;
        for (var s = 0L; s <= seconds; s += tick)
        {
            svg.Add(Text(X(start + (s * 1000)), plotBottom + 16, $"{s} s", "middle"));
        }

        var legendX = Width - Right - (Palette.Length * 90);
        foreach (var (outcome, colour) in Palette)
        {
            svg.Add(new XElement(Svg + "circle", Attr("cx", legendX), Attr("cy", BarsTop - 12), new XAttribute("r", "4"), new XAttribute("fill", colour)),
                Text(legendX + 8, BarsTop - 8, outcome, "start"));
            legendX += 90;
        }

        return new XElement(Xhtml + "figure", svg,
            new XElement(Xhtml + "figcaption", "Time since issuance started. Red band: crash to agreed new leader; amber band: new leader to in-flight documents settled and a fresh document committed."));
    }

    private static void Band(XElement svg, Func<long, double> x, long? from, long? to, int top, int bottom, string colour, string label)
    {
        if (from is not { } a || to is not { } b)
        {
            return;
        }

        svg.Add(new XElement(Svg + "rect", Attr("x", x(a)), Attr("y", top), Attr("width", Math.Max(1, x(b) - x(a))), Attr("height", bottom - top), new XAttribute("fill", colour), new XAttribute("opacity", "0.6")),
            Text((x(a) + x(b)) / 2, bottom - 4, label, "middle"));
    }

    private static void Marker(XElement svg, Func<long, double> x, long? at, int top, int bottom, string label, int level)
    {
        if (at is not { } ms)
        {
            return;
        }

        svg.Add(new XElement(Svg + "line", Attr("x1", x(ms)), Attr("x2", x(ms)), Attr("y1", top), Attr("y2", bottom), new XAttribute("stroke", "#424242"), new XAttribute("stroke-dasharray", "4 3")),
            Text(x(ms) + 3, top + 12 + (level * 13), label, "start"));
    }

    private static XElement Text(double x, double y, string text, string anchor) =>
        new(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("text-anchor", anchor), new XAttribute("font-size", "11"), new XAttribute("font-family", "sans-serif"), text);

    private static XAttribute Attr(string name, double value) => new(name, value.ToString("0.#", CultureInfo.InvariantCulture));

    private static string Ms(long? ms) => ms is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private const string Style = """
        body { font-family: sans-serif; margin: 2em; color: #212121; }
        table { border-collapse: collapse; } td, th { border: 1px solid #bdbdbd; padding: 4px 8px; text-align: left; }
        tr.fail td { background: #ffebee; } tr.pass td:last-child { color: #2e7d32; } tr.fail td:last-child { color: #c62828; font-weight: bold; }
        figcaption { font-size: 0.85em; color: #616161; }
        """;
}
