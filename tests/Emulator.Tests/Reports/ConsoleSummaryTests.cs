using System.Text;
using IgdLab.Emulator.Reports;
using Spectre.Console;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class ConsoleSummaryTests
{
    [Test]
    public void Write_Run_LastLineIsPassedAndFailedCounts()
    {
        var lines = Render(Run());

        Assert.That(lines[^1], Is.EqualTo("2 passed, 3 failed"));
    }

    [Test]
    public void Write_LeavesTheClosingLineToWriteClosingLine_SoReportPathsCanComeBeforeIt()
    {
        using var writer = new StringWriter();

        ConsoleSummary.Write(Run(), Console(writer));

        Assert.That(writer.ToString(), Does.Not.Contain("2 passed, 3 failed"));
    }

    [Test]
    public void Write_NoScenarios_PrintsOnlyZeroCounts()
    {
        var lines = Render(Of()).Where(l => l.Length > 0);

        Assert.That(lines, Is.EqualTo(new[] { "0 passed, 0 failed" }));
    }

    [Test]
    public void Write_Run_TableHasOneRowPerScenarioRunWithItsFigures()
    {
        var lines = Render(Run());

        Assert.That(Cells(lines, "one-mapping-dropped"), Is.EqualTo(new[] { "PASS", "one-mapping-dropped", "2", "1", "0/1", "15s", "15s", "15s", "–", "850ms", "15s", "0", "0", "1.23s" }));
        Assert.That(Cells(lines, "router-reboot"), Is.EqualTo(new[] { "FAIL", "router-reboot", "1", "1", "0/3", "1.5s", "2.31s", "2.31s", "–", "–", "15s", "0", "0", "12.35s" }));
        Assert.That(Cells(lines, "wan-flap"), Is.EqualTo(new[] { "ERROR", "wan-flap", "0", "0", "0/0", "–", "–", "–", "–", "–", "–", "0", "0", "20ms" }));
        Assert.That(Cells(lines, "strategies [renew 20s]")[..2], Is.EqualTo(new[] { "FAIL", "strategies [renew 20s]" }));
    }

    [Test]
    public void Write_ComparedScenario_PrintsVariantsSideBySide()
    {
        var lines = Render(Run());

        Assert.That(lines.Count(l => l.Contains("Strategies compared: strategies", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(Cells(lines, "watchdog"), Is.EqualTo(new[] { "watchdog", "PASS", "0/8", "1.25s", "2.5s", "3.75s", "–", "–", "–", "8", "16" }));
        Assert.That(Cells(lines, "renew 20s"), Is.EqualTo(new[] { "renew 20s", "FAIL", "0/8", "9.5s", "19s", "28.5s", "–", "–", "–", "0", "96" }));
    }

    [Test]
    public void Write_NoComparedScenario_PrintsNoComparison()
    {
        var lines = Render(Of(Passed(), FailedTwice()));

        Assert.That(lines.Any(l => l.Contains("Strategies compared", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Write_FailedScenario_PrintsEachFailedExpectationThenTheReplayCommand()
    {
        var lines = Render(Run()).ToList();
        var start = lines.IndexOf("FAIL router-reboot (scenarios/reboot.yaml)");

        Assert.That(start, Is.GreaterThan(0));
        Assert.That(lines[(start + 1)..(start + 4)], Is.EqualTo(new[]
        {
            "  remapLatency.p95 was 2.314s, limit 2s",
            "  maxOutage was 15s, limit 5s",
            "  replay: igdlab run scenarios/reboot.yaml --seed 7",
        }));
        Assert.That(lines, Does.Not.Contain("  leakedMappings was 0, limit 0"));
        Assert.That(lines.Any(l => l.StartsWith("PASS one-mapping-dropped", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Write_PassedScenarioWithAWarning_PrintsTheWarningWithoutAReplay()
    {
        var lines = Render(Of(Passed() with { Warnings = ["the machine was overloaded"] })).ToList();
        var start = lines.IndexOf("PASS one-mapping-dropped (scenarios/drop-one.yaml)");

        Assert.That(start, Is.GreaterThan(0));
        Assert.That(lines[start + 1], Is.EqualTo("  warning: the machine was overloaded"));
        Assert.That(lines.Any(l => l.Contains("replay:", StringComparison.Ordinal)), Is.False);
        Assert.That(lines[^1], Is.EqualTo("1 passed, 0 failed"));
    }

    [Test]
    public void Write_TestbedError_PrintsTheErrorOnOneLineAndTheReplayCommand()
    {
        var scenario = Error() with { Error = "bind failed\nat Listener.Start()" };

        var lines = Render(Of(scenario)).ToList();
        var start = lines.IndexOf("ERROR wan-flap (scenarios/wan-flap.yaml)");

        Assert.That(lines[start + 1], Is.EqualTo("  testbed error: bind failed ⏎ at Listener.Start()"));
        Assert.That(lines[start + 2], Is.EqualTo("  replay: igdlab run scenarios/wan-flap.yaml --seed 3"));
    }

    [Test]
    public void Write_AwkwardNames_PrintedVerbatimNotAsMarkup()
    {
        var scenario = Awkward() with { Name = "[red]not markup[/] " + AwkwardName };

        var lines = Render(Of(scenario));

        Assert.That(lines, Does.Contain("FAIL [red]not markup[/] a<b & \"c\" (scenarios/odd & <names>.yaml)"));
        Assert.That(Cells(lines, "[red]not markup")[1], Is.EqualTo("[red]not markup[/] a<b & \"c\""));
    }

    [Test]
    public void Write_NarrowTerminal_KeepsReplayCommandOnOneLineAndTheTerminalWidth()
    {
        var replay = "igdlab run scenarios/a-very-long-folder-name/with-a-long-scenario-file-name.yaml --seed 1234567";
        var scenario = FailedTwice() with { ReplayCommand = replay };
        using var writer = new StringWriter();
        var console = Terminal(writer, width: 60);

        ConsoleSummary.Write(Of(scenario), console);
        var lines = Lines(writer);

        Assert.That(lines, Does.Contain("  replay: " + replay));
        Assert.That(lines.TakeWhile(l => l.Length > 0).Select(l => l.Length), Is.All.LessThanOrEqualTo(60));
        Assert.That(console.Profile.Width, Is.EqualTo(60));
    }

    [Test]
    public void Write_EightyColumnTerminal_SplitsTheTableInsteadOfBreakingHeadersAndFigures()
    {
        // At 80 columns the twelve-column table broke apart: "sce…", "dev…", and "373m" above "s".
        using var writer = new StringWriter();
        var console = Terminal(writer, width: 80);

        ConsoleSummary.Write(Run(), console);
        var lines = Lines(writer);
        var tables = lines.TakeWhile(l => !l.StartsWith("FAIL ", StringComparison.Ordinal)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(tables.Select(l => l.Length), Is.All.LessThanOrEqualTo(80));
            Assert.That(tables, Has.None.Contains("…"));
            Assert.That(SpacedCellsIn(tables, "one-mapping-dropped"), Is.EqualTo(new[]
            {
                new[] { "PASS", "one-mapping-dropped", "2", "1", "0/1", "0", "0" },
                new[] { "one-mapping-dropped", "15s", "15s", "15s", "–", "850ms", "15s", "1.23s" },
            }));
            Assert.That(SpacedCellsIn(tables, "renew 20s"), Is.EqualTo(new[]
            {
                new[] { "renew 20s", "FAIL", "0/8", "0", "96" },
                new[] { "renew 20s", "9.5s", "19s", "28.5s", "–", "–", "–" },
            }));
        });
    }

    [Test]
    public void Write_WideTerminal_KeepsOneTableWithEveryColumn()
    {
        using var writer = new StringWriter();
        var console = Terminal(writer, width: 160);

        ConsoleSummary.Write(Run(), console);

        Assert.That(CellsIn(Lines(writer), "one-mapping-dropped"), Has.Length.EqualTo(1));
    }

    [Test]
    public void Write_RedirectedOutput_RendersTablesWideAndRestoresTheWidth()
    {
        using var writer = new StringWriter();
        var console = Console(writer);
        console.Profile.Width = 80;

        ConsoleSummary.Write(Run(), console);
        var tableLines = Lines(writer).TakeWhile(l => l.Length > 0).ToArray();

        Assert.That(tableLines.Max(l => l.Length), Is.GreaterThan(80).And.LessThanOrEqualTo(ConsoleSummary.RedirectedWidth));
        Assert.That(console.Profile.Width, Is.EqualTo(80));
    }

    private static IAnsiConsole Console(StringWriter writer) => PlainConsoles.To(writer);

    private static IAnsiConsole Terminal(StringWriter writer, int width) => PlainConsoles.Create(new TerminalOutput(writer, width));

    private static string[] Render(RunReport report)
    {
        using var writer = new StringWriter();
        var console = Console(writer);
        ConsoleSummary.Write(report, console);
        ConsoleSummary.WriteClosingLine(report, console);
        return Lines(writer);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();

    /// <summary>The trimmed cells of the single table row with a cell that starts with <paramref name="text"/>.</summary>
    private static string[] Cells(IEnumerable<string> lines, string text) =>
        lines.Where(l => l.StartsWith('│'))
            .Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToArray())
            .Single(cells => cells.Any(c => c.StartsWith(text, StringComparison.Ordinal)));

    /// <summary>The trimmed cells of every table row with a cell equal to <paramref name="text"/>, in order.</summary>
    private static string[][] CellsIn(IEnumerable<string> lines, string text) =>
        lines.Where(l => l.StartsWith('│'))
            .Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Contains(text))
            .ToArray();

    /// <summary>The cells of every borderless table row with a cell equal to <paramref name="text"/>: columns are two or more spaces apart.</summary>
    private static string[][] SpacedCellsIn(IEnumerable<string> lines, string text) =>
        lines.Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}"))
            .Where(cells => cells.Contains(text))
            .ToArray();

    /// <summary>An output that claims to be a terminal of a given width, as an interactive shell would be.</summary>
    private sealed class TerminalOutput(TextWriter writer, int width) : IAnsiConsoleOutput
    {
        public TextWriter Writer { get; } = writer;

        public bool IsTerminal => true;

        public int Width { get; } = width;

        public int Height => 40;

        public void SetEncoding(Encoding encoding)
        {
        }
    }
}
