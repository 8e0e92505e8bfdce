using System.Text;
using System.Xml;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The <c>--junit</c> report in the de-facto JUnit XML schema that Jenkins, GitLab and GitHub test reporters read:
/// one testcase per scenario (and variant), classname = the scenario file, time = wall seconds, the seed in the
/// properties and in every failure message.
/// </summary>
internal sealed class JUnitReportWriter : IReportWriter
{
    /// <summary>The name of the single testsuite of a run that played the whole suite.</summary>
    public const string SuiteName = "igdlab scenarios";

    /// <summary>The testsuite's name: <see cref="SuiteName"/>, and the shard when the run played one (<c>igdlab scenarios, shard 2/4</c>).</summary>
    /// <remarks>CI collects the reports of every shard into one view; the shard in the name tells their suites apart.</remarks>
    public static string NameOf(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Shard is { } shard ? $"{SuiteName}, shard {shard}" : SuiteName;
    }

    /// <inheritdoc/>
    public void Write(RunReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", NameOf(report));
        WriteCounts(xml, report);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", NameOf(report));
        WriteCounts(xml, report);
        xml.WriteAttributeString("skipped", FigureText.Number(report.Skipped));
        xml.WriteStartElement("properties");
        WriteProperty(xml, "commandLine", report.CommandLine);
        if (report.Shard is { } runShard)
        {
            WriteProperty(xml, "shard", runShard.ToString());
        }
        xml.WriteEndElement();
        foreach (var scenario in report.Scenarios)
        {
            WriteTestCase(xml, scenario);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter xml, RunReport report)
    {
        xml.WriteAttributeString("tests", FigureText.Number(report.Scenarios.Count));
        xml.WriteAttributeString("failures", FigureText.Number(report.Failed - report.Errors));
        xml.WriteAttributeString("errors", FigureText.Number(report.Errors));
        xml.WriteAttributeString("time", FigureText.Seconds(report.WallTime));
    }

    private static void WriteTestCase(XmlWriter xml, ScenarioReport scenario)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", XmlSafeText.Clean(scenario.File));
        xml.WriteAttributeString("name", XmlSafeText.Clean(scenario.DisplayName));
        xml.WriteAttributeString("time", FigureText.Seconds(scenario.WallTime));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "seed", scenario.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteProperty(xml, "timeScale", FigureText.Number(scenario.TimeScale));
        WriteProperty(xml, "duration", FigureText.Seconds(scenario.Duration));
        if (scenario.Variant is not null)
        {
            WriteProperty(xml, "variant", scenario.Variant);
        }

        if (scenario.Backend is not null)
        {
            WriteProperty(xml, "backend", scenario.Backend);
        }

        WriteProperty(xml, "replay", scenario.ReplayCommand);
        xml.WriteEndElement();

        var seed = $" (seed {scenario.Seed})";
        if (scenario.Verdict == ScenarioVerdict.Error)
        {
            WriteProblem(xml, "error", "testbed", (scenario.Error ?? "testbed error") + seed, [scenario.Error ?? "testbed error"], scenario.ReplayCommand);
        }
        else if (scenario.Verdict == ScenarioVerdict.Skipped)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", XmlSafeText.Clean(scenario.SkipReason ?? "not run on this host"));
            xml.WriteEndElement();
        }
        else if (scenario.Verdict == ScenarioVerdict.Failed)
        {
            var failed = scenario.FailedExpectations.Select(e => e.Message).Concat(scenario.Warnings.Select(w => "warning: " + w)).ToArray();
            var message = failed.Length == 0 ? "scenario failed" : string.Join("; ", failed);
            WriteProblem(xml, "failure", "expectation", message + seed, failed, scenario.ReplayCommand);
        }

        xml.WriteStartElement("system-out");
        xml.WriteString(XmlSafeText.Clean(SystemOut(scenario)));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteProblem(XmlWriter xml, string element, string type, string message, IEnumerable<string> lines, string replay)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("message", XmlSafeText.Clean(message));
        xml.WriteAttributeString("type", type);
        var body = new StringBuilder();
        foreach (var line in lines)
        {
            body.Append(line).Append('\n');
        }

        body.Append("replay: ").Append(replay).Append('\n');
        xml.WriteString(XmlSafeText.Clean(body.ToString()));
        xml.WriteEndElement();
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlSafeText.Clean(value));
        xml.WriteEndElement();
    }

    private static string SystemOut(ScenarioReport scenario)
    {
        var text = new StringBuilder();
        if (scenario.Description.Length > 0)
        {
            text.Append(scenario.Description).Append('\n');
        }

        text.Append("scenario time: ").Append(FigureText.Duration(scenario.Duration))
            .Append(" at timeScale ").Append(FigureText.Number(scenario.TimeScale)).Append('\n');
        foreach (var (label, value) in FigureText.Rows(scenario.Figures))
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        foreach (var expectation in scenario.Expectations)
        {
            text.Append(expectation.Passed ? "ok     " : "FAILED ").Append(expectation.Message).Append('\n');
        }

        foreach (var warning in scenario.Warnings)
        {
            text.Append("warning: ").Append(warning).Append('\n');
        }

        return text.ToString();
    }
}
