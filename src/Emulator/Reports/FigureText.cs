using System.Globalization;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Reports;

/// <summary>The words and numbers all human-facing reports (console, JUnit output, HTML) use for figures, so they agree.</summary>
internal static class FigureText
{
    /// <summary>Shown where nothing was measured.</summary>
    public const string None = "–";

    public static string Duration(TimeSpan? duration) => duration is { } value ? DurationText.Humanize(value) : None;

    /// <summary>Seconds with three decimals, as JUnit wants its <c>time</c> attributes: <c>12.345</c>.</summary>
    public static string Seconds(TimeSpan duration) =>
        (Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero) / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Verdict(ScenarioVerdict verdict) => verdict switch
    {
        ScenarioVerdict.Passed => "PASS",
        ScenarioVerdict.Failed => "FAIL",
        _ => "ERROR",
    };

    public static string Latency(LatencySummary? latency) =>
        latency is null
            ? None
            : $"p50 {Duration(latency.P50)}, p95 {Duration(latency.P95)}, p99 {Duration(latency.P99)}, max {Duration(latency.Max)} (n={latency.Count})";

    /// <summary>The figures as label/value rows, in the order people read them.</summary>
    public static IReadOnlyList<(string Label, string Value)> Rows(ScenarioFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return
        [
            ("devices", Number(figures.DeviceCount)),
            ("faults", Number(figures.FaultCount)),
            ("remap latency", Latency(figures.RemapLatency)),
            ("detection latency", Latency(figures.DetectionLatency)),
            ("max outage", Duration(figures.MaxOutage)),
            ("false remaps", Number(figures.FalseRemaps)),
            ("leaked mappings", Number(figures.LeakedMappings)),
            ("instructions", Number(figures.Instructions)),
            ("max instructions per fault", Number(figures.MaxInstructionsPerFault)),
            ("SOAP requests", figures.SoapRequests is { } soap ? Number(soap) : None),
            ("all reachable at end", figures.AllReachableAtEnd ? "yes" : "no"),
            ("clock lag", figures.ClockLag is { } lag ? $"p99 {Duration(lag.P99)}, max {Duration(lag.Max)}" : None),
        ];
    }
}
