using System.Globalization;
using System.Text;
using System.Xml;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The <c>--html</c> report: one self-contained page (inline style, inline SVG, no scripts or fetched resources)
/// with the run's totals and host, a comparison per compared scenario with its variants on one time axis, and per
/// scenario its facts, replay command, timeline, close-ups around its faults, per-device figures, figures,
/// expectations and events. Written as XHTML so it is well-formed XML as well as HTML.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    /// <summary>Rows of the per-scenario event table; the JSON report has all of them.</summary>
    public const int MaxEventRows = 2000;

    /// <inheritdoc/>
    public void Write(RunReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = true,
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(stream, settings);
        var html = new HtmlMarkup(xml);
        xml.WriteDocType("html", null, null, null);
        xml.WriteStartElement("html", HtmlMarkup.XhtmlNamespace);
        xml.WriteAttributeString("lang", "en");
        WriteHead(html, report);
        html.Start("body");
        WriteHeader(html, report);
        html.Start("main");
        WriteOverview(html, report);
        var comparisons = ComparedScenario.In(report);
        for (var i = 0; i < comparisons.Count; i++)
        {
            HtmlComparisonSection.Write(html, report, comparisons[i], $"compared-{i + 1}");
        }

        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            HtmlScenarioSection.Write(html, report.Scenarios[i], Anchor(i));
        }

        html.End().End().End();
    }

    /// <summary>The id of the section of the scenario at <paramref name="index"/>.</summary>
    public static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"scenario-{index + 1}");

    public static string CssClass(ScenarioVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static void WriteHead(HtmlMarkup html, RunReport report)
    {
        html.Start("head");
        html.Start("meta").Attribute("charset", "utf-8").EndShape();
        html.Start("meta").Attribute("name", "viewport").Attribute("content", "width=device-width, initial-scale=1").EndShape();
        html.Element("title", $"IgdLab report: {report.ClosingLine}");
        html.Element("style", HtmlStyle.Css);
        html.End();
    }

    private static void WriteHeader(HtmlMarkup html, RunReport report)
    {
        html.Start("header");
        html.Element("h1", "IgdLab scenario report");
        html.Start("p", "totals");
        html.Element("span", $"{report.Passed} passed", "badge passed");
        html.Element("span", $"{report.Failed} failed", report.Failed > 0 ? "badge failed" : "badge passed");
        if (report.Skipped > 0)
        {
            html.Element("span", $"{report.Skipped} skipped", "badge skipped");
        }

        var errors = report.Errors > 0 ? $" ({report.Errors} with testbed errors)" : "";
        html.Text($" · {CountText.Of(report.Scenarios.Count, "scenario run")}{errors}, wall time {FigureText.Duration(report.WallTime)}");
        html.End();
        html.Start("p").Element("code", report.CommandLine).End();
        if (report.Host is { } host)
        {
            html.Start("dl", "facts host");
            Fact(html, "started", host.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            Fact(html, "igdlab", host.Version);
            Fact(html, "commit", host.Commit is { } commit ? commit[..Math.Min(commit.Length, 12)] : "unknown");
            Fact(html, "cores", host.ProcessorCount.ToString(CultureInfo.InvariantCulture));
            Fact(html, "OS", host.OperatingSystem);
            Fact(html, "runtime", host.Runtime);
            html.End();
        }

        html.End();
    }

    /// <summary>One name/value pair of a <c>dl.facts</c>.</summary>
    public static void Fact(HtmlMarkup html, string name, string value) =>
        html.Start("div").Element("dt", name).Element("dd", value).End();

    private static void WriteOverview(HtmlMarkup html, RunReport report)
    {
        html.Start("section", "overview");
        html.Element("h2", "Scenarios");
        html.Start("table");
        html.Row(["verdict", "scenario", "file", "devices", "faults", "unrestored", "remap p95", "max outage", "wall time"], "th", numbersFrom: 3);
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            var scenario = report.Scenarios[i];
            html.Start("tr", scenario.Verdict is ScenarioVerdict.Passed or ScenarioVerdict.Skipped ? null : "failed");
            html.Start("td").Element("span", FigureText.Verdict(scenario.Verdict), "badge " + CssClass(scenario.Verdict)).End();
            html.Start("td").Start("a").Attribute("href", "#" + Anchor(i)).Text(scenario.DisplayName).End().End();
            html.Element("td", scenario.File);
            html.Element("td", FigureText.Number(scenario.Figures.DeviceCount), "number");
            html.Element("td", FigureText.Number(scenario.Figures.FaultCount), "number");
            html.Element("td", FigureText.Unrestored(scenario.Figures), "number");
            html.Element("td", FigureText.Percentile(scenario.Figures.RemapLatency, l => l.P95), "number");
            html.Element("td", FigureText.Duration(scenario.Figures.MaxOutage), "number");
            html.Element("td", FigureText.Duration(scenario.WallTime), "number");
            html.End();
        }

        html.End().End();
    }
}
