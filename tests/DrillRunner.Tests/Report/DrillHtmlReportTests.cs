using System.Xml.Linq;
using CivicTrust.Drill;
using CivicTrust.Drill.Faults;
using CivicTrust.Drill.Report;
using CivicTrust.DrillRunner.Tests.Fakes;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class DrillHtmlReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task The_page_draws_the_run_and_lists_every_criterion_without_external_resources()
    {
        var cluster = new InMemoryCluster(3);
        using var drill = new NodeCrashDrill(cluster.Nodes, new InMemoryDrillLedger(), new FaultInjectors(new InMemoryCrashInjector(cluster)),
            new DrillOptions { DocumentsPerSecond = 2_000, RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, "htmlrun");
        var result = await drill.RunAsync(300, TimeSpan.FromSeconds(10));

        var html = DrillHtmlReport.ToHtml(result, drill.History.Operations).ToString();

        // Well-formed: it parses back as XML.
        var page = XDocument.Parse(html);
        var svg = Assert.Single(page.Descendants(Svg + "svg"));
        Assert.True(svg.Descendants(Svg + "circle").Count() >= drill.History.Operations.Count(o => o.Outcome != "ok"));
        Assert.NotEmpty(svg.Descendants(Svg + "rect"));
        Assert.All(result.Criteria, c => Assert.Contains($">{c.Id}<", html, StringComparison.Ordinal));
        Assert.Contains("crash", svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" href=", html, StringComparison.Ordinal);
    }
}
