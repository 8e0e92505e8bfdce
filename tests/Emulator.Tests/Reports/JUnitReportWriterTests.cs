using System.Text;
using System.Xml.Linq;
using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    [Test]
    public void Write_Run_CountsTestsFailuresAndErrorsOnSuitesAndSuite()
    {
        var junit = Write(ReportSamples.Run());

        foreach (var element in new[] { junit.Root!, junit.Root!.Element("testsuite")! })
        {
            Assert.That((string?)element.Attribute("tests"), Is.EqualTo("5"));
            Assert.That((string?)element.Attribute("failures"), Is.EqualTo("2"));
            Assert.That((string?)element.Attribute("errors"), Is.EqualTo("1"));
            Assert.That((string?)element.Attribute("time"), Is.EqualTo("17.500"));
        }

        Assert.That(junit.Root!.Name.LocalName, Is.EqualTo("testsuites"));
        Assert.That((string?)junit.Root.Element("testsuite")!.Attribute("name"), Is.EqualTo(JUnitReportWriter.SuiteName));
        Assert.That(junit.Descendants("testcase").Count(), Is.EqualTo(5));
    }

    [Test]
    public void Write_ShardOfASuite_NamesTheShardOnSuitesAndSuite_AndRecordsIt()
    {
        var junit = Write(ReportSamples.Run() with { Shard = new IgdLab.Emulator.Running.RunShard(2, 4) });

        Assert.That((string?)junit.Root!.Attribute("name"), Is.EqualTo("igdlab scenarios, shard 2/4"));
        var suite = junit.Root.Element("testsuite")!;
        Assert.That((string?)suite.Attribute("name"), Is.EqualTo("igdlab scenarios, shard 2/4"));
        Assert.That(Properties(suite)["shard"], Is.EqualTo("2/4"));
    }

    [Test]
    public void Write_Run_SuiteRecordsTheCommandLine()
    {
        var suite = Write(ReportSamples.Run()).Root!.Element("testsuite")!;

        Assert.That(Properties(suite)["commandLine"], Is.EqualTo("igdlab run scenarios/ --junit out/junit.xml"));
    }

    [Test]
    public void Write_Scenario_ClassnameIsTheFileAndTimeIsWallSecondsWithThreeDecimals()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.FailedTwice())).Descendants("testcase").Single();

        Assert.That((string?)testCase.Attribute("classname"), Is.EqualTo("scenarios/reboot.yaml"));
        Assert.That((string?)testCase.Attribute("name"), Is.EqualTo("router-reboot"));
        Assert.That((string?)testCase.Attribute("time"), Is.EqualTo("12.346"));
    }

    [Test]
    public void Write_Variant_NameCarriesTheVariantAndPropertiesHoldIt()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.Variant("renew 20s", ScenarioVerdict.Passed, 1))).Descendants("testcase").Single();

        Assert.That((string?)testCase.Attribute("name"), Is.EqualTo("strategies [renew 20s]"));
        Assert.That(Properties(testCase)["variant"], Is.EqualTo("renew 20s"));
    }

    [Test]
    public void Write_Scenario_PropertiesHoldSeedTimeScaleDurationAndReplay()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.Passed())).Descendants("testcase").Single();

        Assert.That(Properties(testCase), Is.EqualTo(new Dictionary<string, string>
        {
            ["seed"] = "42",
            ["timeScale"] = "60",
            ["duration"] = "60.000",
            ["replay"] = "igdlab run scenarios/drop-one.yaml --seed 42",
        }));
    }

    [Test]
    public void Write_PassedScenario_HasNoFailureOrError()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.Passed())).Descendants("testcase").Single();

        Assert.That(testCase.Elements("failure").Concat(testCase.Elements("error")), Is.Empty);
    }

    [Test]
    public void Write_TwoFailedExpectations_MessageNamesEachExpectationMeasuredValueLimitAndSeed()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.FailedTwice())).Descendants("testcase").Single();
        var failure = testCase.Elements("failure").Single();

        Assert.That((string?)failure.Attribute("type"), Is.EqualTo("expectation"));
        Assert.That((string?)failure.Attribute("message"),
            Is.EqualTo("remapLatency.p95 was 2.314s, limit 2s; maxOutage was 15s, limit 5s (seed 7)"));
        Assert.That(failure.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "remapLatency.p95 was 2.314s, limit 2s",
            "maxOutage was 15s, limit 5s",
            "replay: igdlab run scenarios/reboot.yaml --seed 7",
        }));
        Assert.That(testCase.Elements("error"), Is.Empty);
    }

    [Test]
    public void Write_TestbedError_WritesErrorWithSeedAndReplayAndCleansControlCharacters()
    {
        var testCase = Write(ReportSamples.Of(ReportSamples.Error())).Descendants("testcase").Single();
        var error = testCase.Elements("error").Single();

        Assert.That((string?)error.Attribute("type"), Is.EqualTo("testbed"));
        Assert.That((string?)error.Attribute("message"), Is.EqualTo("could not bind 127.0.9.2:20000\uFFFD (seed 3)"));
        Assert.That(error.Value, Does.Contain("replay: igdlab run scenarios/wan-flap.yaml --seed 3"));
        Assert.That(testCase.Elements("failure"), Is.Empty);
    }

    [Test]
    public void Write_Scenario_SystemOutHoldsTheFiguresAndExpectations()
    {
        var output = Write(ReportSamples.Of(ReportSamples.FailedTwice())).Descendants("system-out").Single().Value;

        Assert.That(output, Does.Contain("remap latency: p50 1.5s, p95 2.31s, p99 2.31s, max 2.31s (n=3)\n"));
        Assert.That(output, Does.Contain("max outage: 15s\n"));
        Assert.That(output, Does.Contain("instructions: 4\n"));
        Assert.That(output, Does.Contain("all reachable at end: no\n"));
        Assert.That(output, Does.Contain("FAILED maxOutage was 15s, limit 5s\n"));
        Assert.That(output, Does.Contain("ok     leakedMappings was 0, limit 0\n"));
    }

    [Test]
    public void Write_AwkwardText_IsEscapedAndParsesBackExactly()
    {
        var report = ReportSamples.Of(ReportSamples.Awkward());
        using var stream = new MemoryStream();
        new JUnitReportWriter().Write(report, stream);
        var raw = Encoding.UTF8.GetString(stream.ToArray());

        var testCase = XDocument.Parse(raw).Descendants("testcase").Single();

        Assert.That(raw, Does.Contain("name=\"a&lt;b &amp; &quot;c&quot;\""));
        Assert.That((string?)testCase.Attribute("name"), Is.EqualTo(ReportSamples.AwkwardName));
        Assert.That((string?)testCase.Attribute("classname"), Is.EqualTo("scenarios/odd & <names>.yaml"));
        Assert.That((string?)testCase.Element("failure")!.Attribute("message"), Is.EqualTo("falseRemaps was <2> & \"more\", limit 0 (seed 5)"));
    }

    [Test]
    public void Write_Stream_IsUtf8WithoutByteOrderMarkAndLeftOpen()
    {
        using var stream = new MemoryStream();
        new JUnitReportWriter().Write(ReportSamples.Run(), stream);

        Assert.That(stream.CanWrite, Is.True);
        Assert.That(stream.ToArray()[..5], Is.EqualTo("<?xml"u8.ToArray()));
    }

    [Test]
    public void Write_NoScenarios_IsAnEmptySuite()
    {
        var junit = Write(ReportSamples.Of());

        Assert.That((string?)junit.Root!.Attribute("tests"), Is.EqualTo("0"));
        Assert.That(junit.Descendants("testcase"), Is.Empty);
    }

    private static XDocument Write(RunReport report)
    {
        using var stream = new MemoryStream();
        new JUnitReportWriter().Write(report, stream);
        stream.Position = 0;
        return XDocument.Load(stream);
    }

    private static Dictionary<string, string> Properties(XElement owner) =>
        owner.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
}
