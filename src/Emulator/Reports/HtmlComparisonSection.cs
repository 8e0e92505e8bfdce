namespace IgdLab.Emulator.Reports;

/// <summary>
/// The HTML section of one compared scenario: its figures per variant, its variants stacked on one time axis, and
/// the command that replays each variant alone.
/// </summary>
internal static class HtmlComparisonSection
{
    public static void Write(HtmlMarkup html, RunReport report, ComparedScenario compared, string id)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(compared);
        html.Start("section", "comparison").Attribute("id", id);
        html.Element("h2", compared.Title);
        html.Element("p", compared.File, "description");
        html.Start("table");
        html.Row([compared.RowHeading, "verdict", .. ComparedScenario.Figures.Select(f => f.Name)], "th", numbersFrom: 2);
        foreach (var variant in compared.Variants)
        {
            html.Start("tr", variant.Verdict is ScenarioVerdict.Passed or ScenarioVerdict.Skipped ? null : "failed");
            html.Start("td").Start("a").Attribute("href", "#" + HtmlReportWriter.Anchor(IndexOf(report, variant))).Text(ComparedScenario.RowName(variant)).End().End();
            html.Element("td", FigureText.Verdict(variant.Verdict));
            foreach (var value in ComparedScenario.FigureValues(variant.Figures))
            {
                html.Element("td", value, "number");
            }

            html.End();
        }

        html.End();

        html.Start("figure");
        SvgTimeline.Write(html, TimelineDrawings.Compared(compared, id + "-timeline"));
        HtmlLegend.Write(html, "Every variant on one time axis →");
        html.End();

        html.Start("ul", "replays");
        foreach (var variant in compared.Variants)
        {
            html.Start("li", "replay").Text($"Replay {ComparedScenario.RowName(variant)} alone: ").Element("code", variant.ReplayCommand).End();
        }

        html.End();
        html.End();
    }

    private static int IndexOf(RunReport report, ScenarioReport scenario)
    {
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            if (ReferenceEquals(report.Scenarios[i], scenario))
            {
                return i;
            }
        }

        return -1;
    }
}
