namespace IgdLab.Emulator.Reports;

/// <summary>
/// The runs of one scenario with <c>compare:</c> (a run per strategy variant) or <c>backends:</c> (a run per backend,
/// the virtual router beside the real daemon), to be shown side by side.
/// </summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="File">The scenario's file.</param>
/// <param name="Variants">One report per variant and backend, in run order.</param>
internal sealed record ComparedScenario(string Name, string File, IReadOnlyList<ScenarioReport> Variants)
{
    /// <summary>What the table compares: <c>Strategies compared: name</c>, <c>Backends compared: name</c>, or both.</summary>
    public string Title => (Variants.Any(v => v.Variant is not null), Variants.Any(v => v.Backend is not null)) switch
    {
        (true, true) => $"Strategies and backends compared: {Name}",
        (false, true) => $"Backends compared: {Name}",
        _ => $"Strategies compared: {Name}",
    };

    /// <summary>The heading of the rows' name column: <c>variant</c>, <c>backend</c>, or <c>run</c> for both.</summary>
    public string RowHeading => (Variants.Any(v => v.Variant is not null), Variants.Any(v => v.Backend is not null)) switch
    {
        (true, true) => "run",
        (false, true) => "backend",
        _ => "variant",
    };

    /// <summary>One row's name: the variant, the backend, or <c>variant on backend</c>.</summary>
    public static string RowName(ScenarioReport run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (run.Variant, run.Backend) switch
        {
            ({ } variant, { } backend) => $"{variant} on {backend}",
            (null, { } backend) => backend,
            (var variant, null) => variant ?? "",
        };
    }

    /// <summary>Groups the variant and backend runs of <paramref name="report"/> by scenario (file and name), in first-seen order.</summary>
    public static IReadOnlyList<ComparedScenario> In(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Scenarios
            .Where(s => s.Variant is not null || s.Backend is not null)
            .GroupBy(s => (s.File, s.Name))
            .Select(g => new ComparedScenario(g.Key.Name, g.Key.File, g.ToArray()))
            .ToArray();
    }

    /// <summary>
    /// The figures a strategy comparison shows, per variant, in order: unrestored incidents, remap p50, p95, max,
    /// restore after gateway return p95, detection p95, max outage, instructions, SOAP requests.
    /// </summary>
    public static IReadOnlyList<ComparedFigure> Figures { get; } =
    [
        new("unrestored", false, FigureText.Unrestored),
        new("remap p50", true, f => FigureText.Percentile(f.RemapLatency, l => l.P50)),
        new("remap p95", true, f => FigureText.Percentile(f.RemapLatency, l => l.P95)),
        new("remap max", true, f => FigureText.Percentile(f.RemapLatency, l => l.Max)),
        new("after return p95", true, f => FigureText.Percentile(f.RestoreAfterReturn, l => l.P95)),
        new("detect p95", true, f => FigureText.Percentile(f.DetectionLatency, l => l.P95)),
        new("max outage", true, f => FigureText.Duration(f.MaxOutage)),
        new("instructions", false, f => FigureText.Number(f.Instructions)),
        new("SOAP requests", false, f => f.SoapRequests is { } soap ? FigureText.Number(soap) : FigureText.None),
    ];

    /// <summary>The values of <see cref="Figures"/> for one variant.</summary>
    public static IReadOnlyList<string> FigureValues(ScenarioFigures figures) => [.. Figures.Select(f => f.Value(figures))];
}

/// <summary>One figure of a strategy comparison.</summary>
/// <param name="Name">Its column heading.</param>
/// <param name="IsLatency">Whether it is a latency (the second table when a narrow terminal splits the comparison).</param>
/// <param name="Value">Its text for one variant's figures.</param>
internal sealed record ComparedFigure(string Name, bool IsLatency, Func<ScenarioFigures, string> Value);
