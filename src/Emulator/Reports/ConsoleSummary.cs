using Spectre.Console;
using Spectre.Console.Rendering;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The summary <c>igdlab run</c> prints at the end: a table of every scenario run, a side-by-side table per compared
/// scenario, each failure with its replay command, and the closing line <c>N passed, N failed</c>.
/// </summary>
internal static class ConsoleSummary
{
    /// <summary>The width tables are rendered at when the output is not a terminal.</summary>
    public const int RedirectedWidth = 200;

    public static void Write(RunReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        // Spectre assumes 80 columns when the output is not a terminal (a CI log, a file), which folds a
        // twelve-column table into slivers; a log has no width, so render wide there. A terminal keeps its own width.
        var width = console.Profile.Width;
        if (!console.Profile.Out.IsTerminal && width < RedirectedWidth)
        {
            console.Profile.Width = RedirectedWidth;
        }

        try
        {
            if (report.Scenarios.Count > 0)
            {
                console.Write(ScenarioTable(report));
            }

            foreach (var compared in ComparedScenario.In(report))
            {
                console.Write(ComparisonTable(compared));
            }
        }
        finally
        {
            console.Profile.Width = width;
        }

        // Failures, replay commands and the closing line go straight to the output, unwrapped: people copy these
        // lines into a shell and CI greps them, so a line break at the console width would break them.
        var output = console.Profile.Out.Writer;
        foreach (var scenario in report.Scenarios.Where(s => s.Verdict != ScenarioVerdict.Passed || s.Warnings.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{FigureText.Verdict(scenario.Verdict)} {scenario.DisplayName} ({scenario.File})");
            if (scenario.Error is not null)
            {
                output.WriteLine($"  testbed error: {OneLine(scenario.Error)}");
            }

            foreach (var expectation in scenario.FailedExpectations)
            {
                output.WriteLine($"  {expectation.Message}");
            }

            foreach (var warning in scenario.Warnings)
            {
                output.WriteLine($"  warning: {warning}");
            }

            if (scenario.Verdict != ScenarioVerdict.Passed)
            {
                output.WriteLine($"  replay: {scenario.ReplayCommand}");
            }
        }

        output.WriteLine();
        output.WriteLine(report.ClosingLine);
        output.Flush();
    }

    private static Table ScenarioTable(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("");
        table.AddColumn("scenario");
        foreach (var column in new[] { "devices", "faults", "unres-\ntored", "remap\np50", "remap\np95", "remap\nmax", "detect\np95", "max\noutage", "false\nremaps", "leaked", "wall\ntime" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var scenario in report.Scenarios)
        {
            var figures = scenario.Figures;
            table.AddRow(
            [
                Verdict(scenario.Verdict),
                Cell(scenario.DisplayName),
                Cell(FigureText.Number(figures.DeviceCount)),
                Cell(FigureText.Number(figures.FaultCount)),
                Cell(FigureText.Unrestored(figures)),
                Cell(FigureText.Percentile(figures.RemapLatency, l => l.P50)),
                Cell(FigureText.Percentile(figures.RemapLatency, l => l.P95)),
                Cell(FigureText.Percentile(figures.RemapLatency, l => l.Max)),
                Cell(FigureText.Percentile(figures.DetectionLatency, l => l.P95)),
                Cell(FigureText.Duration(figures.MaxOutage)),
                Cell(FigureText.Number(figures.FalseRemaps)),
                Cell(FigureText.Number(figures.LeakedMappings)),
                Cell(FigureText.Duration(scenario.WallTime)),
            ]);
        }

        return table;
    }

    private static Table ComparisonTable(ComparedScenario compared)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(new TableTitle(Markup.Escape($"Strategies compared: {compared.Name}")));
        table.AddColumn("variant");
        table.AddColumn("");
        foreach (var column in new[] { "unres-\ntored", "remap\np50", "remap\np95", "remap\nmax", "detect\np95", "max\noutage", "instruc-\ntions", "SOAP\nrequests" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var variant in compared.Variants)
        {
            IRenderable[] cells = [Cell(variant.Variant ?? ""), Verdict(variant.Verdict), .. ComparedScenario.FigureValues(variant.Figures).Select(Cell)];
            table.AddRow(cells);
        }

        return table;
    }

    private static Markup Verdict(ScenarioVerdict verdict) => verdict switch
    {
        ScenarioVerdict.Passed => new Markup("[green]PASS[/]"),
        ScenarioVerdict.Failed => new Markup("[red]FAIL[/]"),
        _ => new Markup("[yellow]ERROR[/]"),
    };

    private static Spectre.Console.Text Cell(string text) => new(text);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}
