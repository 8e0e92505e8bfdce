using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Reports;

/// <summary>One scenario's section of the HTML report.</summary>
internal sealed partial class HtmlReportWriter
{
    private static void WriteScenario(HtmlMarkup html, ScenarioReport scenario, string anchor)
    {
        var verdict = CssClass(scenario.Verdict);
        html.Start("section", "scenario " + verdict).Attribute("id", anchor);
        html.Start("h2").Element("span", FigureText.Verdict(scenario.Verdict), "badge " + verdict).Text(scenario.DisplayName).End();
        if (scenario.Description.Length > 0)
        {
            html.Element("p", scenario.Description, "description");
        }

        html.Start("dl", "facts");
        Fact(html, "file", scenario.File);
        Fact(html, "seed", Integer(scenario.Seed));
        if (scenario.Variant is not null)
        {
            Fact(html, "strategy", scenario.Variant);
        }

        Fact(html, "duration", FigureText.Duration(scenario.Duration));
        Fact(html, "time scale", FigureText.Number(scenario.TimeScale));
        Fact(html, "wall time", FigureText.Duration(scenario.WallTime));
        html.End();

        html.Start("p", "replay").Text("Replay: ").Element("code", scenario.ReplayCommand).End();
        if (scenario.Error is not null)
        {
            html.Element("pre", scenario.Error, "problem");
        }

        foreach (var warning in scenario.Warnings)
        {
            html.Element("p", "Warning: " + warning, "problem");
        }

        html.Start("figure");
        SvgTimeline.Write(html, scenario);
        WriteLegend(html);
        html.End();

        html.Start("div", "tables");
        WriteFigures(html, scenario.Figures);
        WriteExpectations(html, scenario.Expectations);
        html.End();
        WriteEvents(html, scenario.Events);
        html.End();
    }

    private static void Fact(HtmlMarkup html, string name, string value) =>
        html.Start("div").Element("dt", name).Element("dd", value).End();

    private static void WriteLegend(HtmlMarkup html)
    {
        html.Start("figcaption");
        html.Text("Scenario time →");
        foreach (var (key, text) in new[] { ("outage", "outage"), ("instruction", "instruction"), ("remap", "remap reported"), ("fault", "fault") })
        {
            html.Element("span", "", "key " + key).Text(text);
        }

        html.Text(". Hover a mark for details.");
        html.End();
    }

    private static void WriteFigures(HtmlMarkup html, ScenarioFigures figures)
    {
        html.Start("div");
        html.Element("h3", "Figures");
        html.Start("table", "figures");
        foreach (var (label, value) in FigureText.Rows(figures))
        {
            html.Start("tr").Element("th", label).Element("td", value).End();
        }

        html.End().End();
    }

    private static void WriteExpectations(HtmlMarkup html, IReadOnlyList<ExpectationResult> expectations)
    {
        html.Start("div");
        html.Element("h3", "Expectations");
        if (expectations.Count == 0)
        {
            html.Element("p", "none", "description");
        }
        else
        {
            html.Start("table", "expectations");
            html.Row(["", "expectation", "measured", "limit"], "th", numbersFrom: 2);
            foreach (var expectation in expectations)
            {
                html.Start("tr", expectation.Passed ? "passed" : "failed").Attribute("title", expectation.Message);
                html.Element("td", expectation.Passed ? "✓" : "✗");
                html.Element("td", expectation.Name);
                html.Element("td", expectation.Measured, "number");
                html.Element("td", expectation.Limit, "number");
                html.End();
            }

            html.End();
        }

        html.End();
    }

    private static void WriteEvents(HtmlMarkup html, IReadOnlyList<TimelineEvent> events)
    {
        html.Start("details");
        html.Element("summary", $"Timeline: {CountText.Of(events.Count, "event")}");
        html.Start("table", "events");
        html.Row(["time", "event", "gateway", "device", "detail"], "th");
        foreach (var entry in events.Take(MaxEventRows))
        {
            html.Row([FigureText.Seconds(entry.At) + "s", TimelineEventNames.Listed(TimelineText.Kind(entry)), entry.Gateway ?? "", entry.Device ?? "", TimelineText.Detail(entry) ?? ""]);
        }

        html.End();
        if (events.Count > MaxEventRows)
        {
            html.Element("p", $"{CountText.Of(events.Count - MaxEventRows, "more event")} in the JSON report.", "description");
        }

        html.End();
    }
}
