using System.Xml.Linq;
using CivicTrust.Drill.Report;

namespace CivicTrust.DrillRunner.Tests.Report;

public sealed class DrillJUnitReportTests
{
    [Fact]
    public async Task Every_criterion_of_every_iteration_is_a_test_case_and_failures_say_why()
    {
        var runs = new[] { DrillSeriesTests.Run("first", 400), DrillSeriesTests.Run("second", 400, lost: 1) };
        var directory = Path.Combine(Path.GetTempPath(), "civictrust-junit-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            var path = await DrillJUnitReport.WriteAsync(runs, directory, CancellationToken.None);

            // Parsed back from disk: the file is well-formed XML.
            var root = XDocument.Load(path).Root!;
            Assert.Equal("testsuites", root.Name.LocalName);
            var suites = root.Elements("testsuite").ToList();
            Assert.Equal(2, suites.Count);
            Assert.All(suites, suite => Assert.Equal(
                runs[0].Criteria.Select(c => c.Id),
                suite.Elements("testcase").Select(t => (string)t.Attribute("name")!)));
            Assert.Equal(22, (int)root.Attribute("tests")!);
            Assert.Equal(1, (int)root.Attribute("failures")!);
            var failure = Assert.Single(root.Descendants("failure"));
            Assert.Equal(DrillCriteria.NoLostAcknowledged, (string)failure.Attribute("type")!);
            Assert.Contains("1 acknowledged", (string)failure.Attribute("message")!, StringComparison.Ordinal);
            Assert.Contains("second", (string)suites[1].Attribute("name")!, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
