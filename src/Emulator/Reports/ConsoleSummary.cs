using Spectre.Console;
using Spectre.Console.Rendering;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The summary <c>igdlab run</c> prints at the end: a table of every scenario run, a side-by-side table per compared
/// scenario and each failure with its replay command; then, after the report paths, the closing line
/// <c>N passed, N failed</c>.
/// </summary>
/// <remarks>
/// A table that does not fit the terminal is split into narrower ones — outcome counts, then latencies, as many
/// columns to a table as fit — each repeating the row's name, rather than squeezed until headers and figures break apart. Figures never wrap; a long
/// scenario name folds within its cell.
/// </remarks>
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
                WriteFitted(console, "", ScenarioName, ScenarioColumns, report.Scenarios);
            }

            foreach (var compared in ComparedScenario.In(report))
            {
                WriteFitted(console, compared.Title, VariantName with { Header = compared.RowHeading }, VariantColumns, compared.Variants);
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

            if (scenario.SkipReason is not null)
            {
                output.WriteLine($"  not run: {OneLine(scenario.SkipReason)}");
            }

            foreach (var expectation in scenario.FailedExpectations)
            {
                output.WriteLine($"  {expectation.Message}");
            }

            foreach (var warning in scenario.Warnings)
            {
                output.WriteLine($"  warning: {warning}");
            }

            if (scenario.Verdict is not (ScenarioVerdict.Passed or ScenarioVerdict.Skipped))
            {
                output.WriteLine($"  replay: {scenario.ReplayCommand}");
            }
        }

        output.WriteLine();
        output.Flush();
    }

    /// <summary>
    /// The closing line <c>N passed, N failed[, N skipped]</c>, unwrapped. A run writes it last of all, after the
    /// report paths, so that the final line of the output is always the verdict.
    /// </summary>
    public static void WriteClosingLine(RunReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        var output = console.Profile.Out.Writer;
        output.WriteLine(report.ClosingLine);
        output.Flush();
    }

    // The row's name: the first column of every table, also of each half of a split one.
    private static readonly Column ScenarioName = new("scenario", s => Cell(s.DisplayName), Half.Both);
    private static readonly Column VariantName = new("variant", s => Cell(ComparedScenario.RowName(s)), Half.Both);

    private static readonly Column[] ScenarioColumns =
    [
        new("", s => Verdict(s.Verdict), Half.Outcome, First: true),
        new("devices", s => Cell(FigureText.Number(s.Figures.DeviceCount)), Half.Outcome),
        new("faults", s => Cell(FigureText.Number(s.Figures.FaultCount)), Half.Outcome),
        new("unres-\ntored", s => Cell(FigureText.Unrestored(s.Figures)), Half.Outcome),
        new("remap\np50", s => Cell(FigureText.Percentile(s.Figures.RemapLatency, l => l.P50)), Half.Latency),
        new("remap\np95", s => Cell(FigureText.Percentile(s.Figures.RemapLatency, l => l.P95)), Half.Latency),
        new("remap\nmax", s => Cell(FigureText.Percentile(s.Figures.RemapLatency, l => l.Max)), Half.Latency),
        new("after\nreturn\np95", s => Cell(FigureText.Percentile(s.Figures.RestoreAfterReturn, l => l.P95)), Half.Latency),
        new("detect\np95", s => Cell(FigureText.Percentile(s.Figures.DetectionLatency, l => l.P95)), Half.Latency),
        new("max\noutage", s => Cell(FigureText.Duration(s.Figures.MaxOutage)), Half.Latency),
        new("false\nremaps", s => Cell(FigureText.Number(s.Figures.FalseRemaps)), Half.Outcome),
        new("leaked", s => Cell(FigureText.Number(s.Figures.LeakedMappings)), Half.Outcome),
        new("wall\ntime", s => Cell(FigureText.Duration(s.WallTime)), Half.Latency),
    ];

    private static readonly Column[] VariantColumns =
    [
        new("", s => Verdict(s.Verdict), Half.Outcome),
        .. ComparedScenario.Figures.Select(figure => new Column(
            figure.Name.Replace(' ', '\n'),
            s => Cell(figure.Value(s.Figures)),
            figure.IsLatency ? Half.Latency : Half.Outcome)),
    ];

    private enum Half
    {
        Both,
        Outcome,
        Latency,
    }

    private static void WriteFitted(IAnsiConsole console, string title, Column name, Column[] columns, IReadOnlyList<ScenarioReport> rows)
    {
        var whole = Build(title, name, columns, rows);
        if (Measure(console, whole) <= console.Profile.Width)
        {
            console.Write(whole);
            return;
        }

        // Outcome counts, then latencies, never mixed in one table; each table takes as many columns of its group as
        // fit, repeats the name, and drops the vertical rules, which cost a column of characters each.
        var parts = 0;
        foreach (var group in new[] { columns.Where(c => c.Half != Half.Latency), columns.Where(c => c.Half == Half.Latency) })
        {
            var part = new List<Column>();
            foreach (var column in group)
            {
                if (part.Count > 0 && Measure(console, Build(title, name, [.. part, column], rows, narrow: true)) > console.Profile.Width)
                {
                    console.Write(Build(Continued(title, parts++), name, [.. part], rows, narrow: true));
                    part.Clear();
                }

                part.Add(column);
            }

            if (part.Count > 0)
            {
                console.Write(Build(Continued(title, parts++), name, [.. part], rows, narrow: true));
            }
        }
    }

    private static string Continued(string title, int part) => part == 0 || title.Length == 0 ? title : $"{title} (continued)";

    private static Table Build(string title, Column name, Column[] columns, IReadOnlyList<ScenarioReport> rows, bool narrow = false)
    {
        var table = new Table().Border(narrow ? TableBorder.Simple : TableBorder.Rounded);
        if (title.Length > 0)
        {
            table.Title(new TableTitle(Markup.Escape(title)));
        }

        // The verdict comes before the scenario's name, as people scan for FAIL; every other figure after it.
        Column[] ordered = [.. columns.Where(c => c.First), name, .. columns.Where(c => !c.First)];
        foreach (var column in ordered)
        {
            var added = column == name ? new TableColumn(column.Header) : new TableColumn(column.Header).RightAligned().NoWrap();
            if (narrow)
            {
                // Two characters between columns instead of three.
                added.Padding = new Padding(1, 0, 0, 0);
            }

            table.AddColumn(added);
        }

        foreach (var row in rows)
        {
            table.AddRow(ordered.Select(c => c.Value(row)));
        }

        return table;
    }

    // The width the table needs to show every cell on one line.
    private static int Measure(IAnsiConsole console, Table table) =>
        ((IRenderable)table).Measure(RenderOptions.Create(console), int.MaxValue).Max;

    private sealed record Column(string Header, Func<ScenarioReport, IRenderable> Value, Half Half, bool First = false);

    private static Markup Verdict(ScenarioVerdict verdict) => verdict switch
    {
        ScenarioVerdict.Passed => new Markup("[green]PASS[/]"),
        ScenarioVerdict.Failed => new Markup("[red]FAIL[/]"),
        ScenarioVerdict.Skipped => new Markup("[yellow]SKIP[/]"),
        _ => new Markup("[yellow]ERROR[/]"),
    };

    private static Spectre.Console.Text Cell(string text) => new(text);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}
