using System.Globalization;
using System.Xml.Linq;

namespace CivicTrust.Drill.Report;

/// <summary>
/// <c>drill-junit.xml</c>: the drill as tests, for CI systems that draw JUnit results. One test suite per drill run,
/// one test case per criterion; a failed criterion is a failure whose message is what was measured against what was
/// needed, and the drill's errors go to the suite's <c>system-err</c>.
/// </summary>
public static class DrillJUnitReport
{
    /// <summary>File name.</summary>
    public const string FileName = "drill-junit.xml";

    /// <summary>The JUnit document for <paramref name="runs"/> (one per iteration, in order).</summary>
    public static XDocument ToXml(IReadOnlyList<DrillResult> runs)
    {
        var suites = runs.Select((run, i) => Suite(run, runs.Count == 1 ? run.RunId : $"iteration {i + 1}: {run.RunId}")).ToList();
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "node-crash drill"),
                new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                suites));
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(IReadOnlyList<DrillResult> runs, string directory, CancellationToken token)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        await using var file = File.Create(path);
        // No byte-order mark: some CI parsers reject one before the XML declaration.
        await using var writer = System.Xml.XmlWriter.Create(file, new System.Xml.XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        await ToXml(runs).SaveAsync(writer, token);
        return path;
    }

    private static XElement Suite(DrillResult run, string name)
    {
        var seconds = (run.Timeline.FinishedTs - run.StartedTs) / 1000.0;
        return new XElement("testsuite",
            new XAttribute("name", $"node-crash drill {name} ({run.Fault})"),
            new XAttribute("tests", run.Criteria.Count),
            new XAttribute("failures", run.Criteria.Count(c => !c.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(run.StartedTs).UtcDateTime.ToString("s", CultureInfo.InvariantCulture)),
            new XAttribute("time", seconds.ToString("0.000", CultureInfo.InvariantCulture)),
            run.Criteria.Select(c => new XElement("testcase",
                new XAttribute("classname", $"drill.{run.Fault}"),
                new XAttribute("name", c.Id),
                c.Passed ? null : new XElement("failure",
                    new XAttribute("message", $"{c.Description}: measured {c.Measured}, needed {c.Threshold}"),
                    new XAttribute("type", c.Id)))),
            run.Errors.Count == 0 ? null : new XElement("system-err", string.Join("\n", run.Errors)));
    }
}
