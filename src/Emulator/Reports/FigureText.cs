using System.Globalization;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Text;
using IgdLab.Protocols;

namespace IgdLab.Emulator.Reports;

/// <summary>The words and numbers all human-facing reports (console, JUnit output, HTML) use for figures, so they agree.</summary>
internal static class FigureText
{
    /// <summary>Shown where nothing was measured.</summary>
    public const string None = "–";

    /// <summary>Shown for a latency that never ended: an outage never restored, a breakage never detected.</summary>
    public const string Never = "never";

    public static string Duration(TimeSpan? duration) => duration is { } value ? DurationText.Humanize(value) : None;

    /// <summary>Seconds with three decimals, as JUnit wants its <c>time</c> attributes: <c>12.345</c>.</summary>
    public static string Seconds(TimeSpan duration) =>
        (Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero) / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Verdict(ScenarioVerdict verdict) => verdict switch
    {
        ScenarioVerdict.Passed => "PASS",
        ScenarioVerdict.Failed => "FAIL",
        ScenarioVerdict.Skipped => "SKIP",
        _ => "ERROR",
    };

    /// <summary>One percentile of <paramref name="latency"/>: <see cref="None"/> when nothing was measured, <see cref="Never"/> when it never ended.</summary>
    public static string Percentile(LatencySummary? latency, Func<LatencySummary, TimeSpan?> percentile)
    {
        ArgumentNullException.ThrowIfNull(percentile);
        return latency is null ? None : percentile(latency) is { } value ? DurationText.Humanize(value) : Never;
    }

    public static string Latency(LatencySummary? latency) =>
        latency is null
            ? None
            : $"p50 {Percentile(latency, l => l.P50)}, p95 {Percentile(latency, l => l.P95)}, p99 {Percentile(latency, l => l.P99)}, "
              + $"max {Percentile(latency, l => l.Max)} (n={latency.Count}{(latency.Never == 0 ? "" : $", {latency.Never} never")})";

    /// <summary>Broken incidents never restored, of all broken incidents: <c>2/11</c>; <c>0/0</c> when nothing broke.</summary>
    public static string Unrestored(ScenarioFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return figures.RemapLatency is { } remap
            ? string.Create(CultureInfo.InvariantCulture, $"{remap.Never}/{remap.Count}")
            : "0/0";
    }

    /// <summary>
    /// The CPU load as a person reads it: <c>63 % on average, 98 % in the busiest second (machine, 2 cores)</c>.
    /// </summary>
    public static string CpuBusy(CpuLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var scope = load.Scope == CpuScope.Machine ? "machine" : "this process";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Percent(load.Average)} on average, {Percent(load.Peak)} in the busiest second ({scope}, {CountText.Of(load.Cores, "core")})");
    }

    /// <summary>The watchdog's probe rate as a person reads it: <c>6,120/s of 10,000/s due (61 %)</c>.</summary>
    public static string Probes(ProbeRate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        var share = rate.Due > 0 ? $" ({Percent(rate.Achieved / rate.Due)})" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{rate.Achieved:#,0}/s of {rate.Due:#,0}/s due{share}");
    }

    /// <summary>A share from 0 to 1 as a whole percentage: <c>97 %</c>.</summary>
    public static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(share * 100):0} %");

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
            ("restore after gateway return", Latency(figures.RestoreAfterReturn)),
            ("unrestored incidents", Unrestored(figures)),
            ("max outage", Duration(figures.MaxOutage)),
            ("false remaps", Number(figures.FalseRemaps)),
            ("leaked mappings", Number(figures.LeakedMappings)),
            ("instructions", Number(figures.Instructions)),
            ("max instructions per fault", Number(figures.MaxInstructionsPerFault)),
            ("SOAP requests", figures.SoapRequests is { } soap ? Number(soap) : None),
            ("all reachable at end", figures.AllReachableAtEnd ? "yes" : "no"),
            ("clock lag", figures.ClockLag is { } lag ? $"p99 {Percentile(lag, l => l.P99)}, max {Percentile(lag, l => l.Max)}" : None),
            ("CPU busy", figures.CpuBusy is { } cpu ? CpuBusy(cpu) : None),
            ("watchdog probes", figures.WatchdogProbes is { } probes ? Probes(probes) : None),
        ];
    }
}
