using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// One scenario's section of the HTML report: verdict, facts, replay command, timeline, close-ups around its faults,
/// per-device figures, figures, expectations and events.
/// </summary>
internal static class HtmlScenarioSection
{
    public static void Write(HtmlMarkup html, ScenarioReport scenario, string anchor)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(scenario);
        var verdict = HtmlReportWriter.CssClass(scenario.Verdict);
        html.Start("section", "scenario " + verdict).Attribute("id", anchor);
        html.Start("h2").Element("span", FigureText.Verdict(scenario.Verdict), "badge " + verdict).Text(scenario.DisplayName).End();
        if (scenario.Description.Length > 0)
        {
            html.Element("p", scenario.Description, "description");
        }

        html.Start("dl", "facts");
        HtmlReportWriter.Fact(html, "file", scenario.File);
        HtmlReportWriter.Fact(html, "seed", FigureText.Number(scenario.Seed));
        if (scenario.Variant is not null)
        {
            HtmlReportWriter.Fact(html, "strategy", scenario.Variant);
        }

        if (scenario.Backend is not null)
        {
            HtmlReportWriter.Fact(html, "gateways played by", scenario.Backend);
        }

        HtmlReportWriter.Fact(html, "duration", FigureText.Duration(scenario.Duration));
        HtmlReportWriter.Fact(html, "time scale", FigureText.Number(scenario.TimeScale));
        HtmlReportWriter.Fact(html, "wall time", $"{FigureText.Duration(scenario.WallTime)} (set-up {FigureText.Duration(scenario.SetUpTime)})");
        html.End();

        if (scenario.SkipReason is not null)
        {
            // Nothing was measured: no timeline, no figures that would read as zeros.
            html.Element("p", "Not run on this host: " + scenario.SkipReason, "problem");
            html.End();
            return;
        }

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
        SvgTimeline.Write(html, TimelineDrawings.Whole(scenario, anchor + "-timeline"));
        HtmlLegend.Write(html, "Scenario time →");
        html.End();

        HtmlFaultCloseUps.Write(html, scenario, anchor);
        HtmlDeviceTable.Write(html, scenario);

        html.Start("div", "tables");
        WriteFigures(html, scenario.Figures);
        WriteExpectations(html, scenario.Expectations);
        html.End();
        WriteEvents(html, scenario.Events);
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
        foreach (var entry in events.Take(HtmlReportWriter.MaxEventRows))
        {
            html.Row([FigureText.Seconds(entry.At) + "s", TimelineEventNames.Listed(TimelineText.Kind(entry)), entry.Gateway ?? "", entry.Device ?? "", TimelineText.Detail(entry) ?? ""]);
        }

        html.End();
        if (events.Count > HtmlReportWriter.MaxEventRows)
        {
            html.Element("p", $"{CountText.Of(events.Count - HtmlReportWriter.MaxEventRows, "more event")} in the JSON report.", "description");
        }

        html.End();
    }
}
