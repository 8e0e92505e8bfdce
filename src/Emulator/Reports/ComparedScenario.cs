namespace IgdLab.Emulator.Reports;

/// <summary>The strategy variants of one scenario with <c>compare:</c>, to be shown side by side.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="File">The scenario's file.</param>
/// <param name="Variants">One report per variant, in run order.</param>
internal sealed record ComparedScenario(string Name, string File, IReadOnlyList<ScenarioReport> Variants)
{
    /// <summary>Groups the variant reports of <paramref name="report"/> by scenario (file and name), in first-seen order.</summary>
    public static IReadOnlyList<ComparedScenario> In(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Scenarios
            .Where(s => s.Variant is not null)
            .GroupBy(s => (s.File, s.Name))
            .Select(g => new ComparedScenario(g.Key.Name, g.Key.File, g.ToArray()))
            .ToArray();
    }

    /// <summary>The names of <see cref="FigureValues"/>, in the same order.</summary>
    public static IReadOnlyList<string> FigureNames { get; } =
        ["unrestored", "remap p50", "remap p95", "remap max", "detect p95", "max outage", "instructions", "SOAP requests"];

    /// <summary>Whether the figure at <paramref name="index"/> of <see cref="FigureValues"/> is a latency.</summary>
    public static bool IsLatency(int index) => index is >= 1 and <= 5;

    /// <summary>
    /// The figures a strategy comparison shows, per variant: unrestored incidents, remap p50, p95, max, detection p95,
    /// max outage, instructions, SOAP requests.
    /// </summary>
    public static IReadOnlyList<string> FigureValues(ScenarioFigures figures) =>
    [
        FigureText.Unrestored(figures),
        FigureText.Percentile(figures.RemapLatency, l => l.P50),
        FigureText.Percentile(figures.RemapLatency, l => l.P95),
        FigureText.Percentile(figures.RemapLatency, l => l.Max),
        FigureText.Percentile(figures.DetectionLatency, l => l.P95),
        FigureText.Duration(figures.MaxOutage),
        FigureText.Number(figures.Instructions),
        figures.SoapRequests is { } soap ? FigureText.Number(soap) : FigureText.None,
    ];
}
