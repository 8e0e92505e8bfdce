using System.Globalization;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Judges a scenario's expectations against what the run measured. A latency that never ended counts as "never" in
/// the percentiles (a bound that lands on it fails); when nothing broke (a strategy that prevented every outage), a
/// latency expectation holds and says so.
/// </summary>
internal static class ExpectationJudge
{
    public static IReadOnlyList<ExpectationResult> Judge(ScenarioExpectations expect, ScenarioFigures figures, MeasuredGaps gaps)
    {
        var results = new List<ExpectationResult>();
        const string NothingBroke = "none (no device was unreachable)";
        Latency(results, "remapLatency", expect.RemapLatency, figures.RemapLatency, gaps.UnrestoredDevices, "never recovered", NothingBroke);
        Latency(results, "detectionLatency", expect.DetectionLatency, figures.DetectionLatency, gaps.UndetectedDevices, "never detected", NothingBroke);
        Latency(
            results, "restoreAfterReturn", expect.RestoreAfterReturn, figures.RestoreAfterReturn, gaps.UnrestoredDevices, "never recovered",
            "none (no gateway downtime held a device up)");
        if (expect.MaxOutage is { } maxOutage)
        {
            var measured = figures.MaxOutage ?? TimeSpan.Zero;
            results.Add(ExpectationResult.Create("maxOutage", DurationText.Humanize(maxOutage), DurationText.Humanize(measured), measured <= maxOutage));
        }

        if (expect.AllReachableAtEnd is { } allReachable)
        {
            results.Add(ExpectationResult.Create(
                "allReachableAtEnd",
                Bool(allReachable),
                figures.AllReachableAtEnd ? "true" : $"false ({gaps.UnreachableAtEnd} unreachable)",
                figures.AllReachableAtEnd == allReachable));
        }

        Count(results, "falseRemaps", expect.FalseRemaps, figures.FalseRemaps, Which(gaps.FalseRemaps));
        Count(results, "leakedMappings", expect.LeakedMappings, figures.LeakedMappings);
        Count(results, "maxInstructionsPerFault", expect.MaxInstructionsPerFault, figures.MaxInstructionsPerFault);
        return results;
    }

    private static void Latency(
        List<ExpectationResult> results, string name, LatencyLimits? limits, LatencySummary? measured, int unendedDevices, string unended, string none)
    {
        if (limits is null)
        {
            return;
        }

        foreach (var (key, limit, pick) in new (string, TimeSpan?, Func<LatencySummary, TimeSpan?>)[]
        {
            ("p50", limits.P50, m => m.P50),
            ("p95", limits.P95, m => m.P95),
            ("p99", limits.P99, m => m.P99),
            ("max", limits.Max, m => m.Max),
        })
        {
            if (limit is not { } bound)
            {
                continue;
            }

            var label = $"{name}.{key}";
            if (measured is null)
            {
                results.Add(ExpectationResult.Create(label, DurationText.Humanize(bound), none, passed: true));
                continue;
            }

            // A latency that never ended counts as "never" in every percentile: it fails any bound it lands on, and a
            // percentile that passes still says how many never ended.
            var gap = measured.Never == 0
                ? ""
                : $" ({Counted(measured.Never, "incident")} on {Counted(unendedDevices, "device")} {unended}, of {measured.Count})";
            results.Add(pick(measured) is { } actual
                ? ExpectationResult.Create(label, DurationText.Humanize(bound), DurationText.Humanize(actual) + gap, actual <= bound)
                : ExpectationResult.Create(label, DurationText.Humanize(bound), FigureText.Never + gap, passed: false));
        }
    }

    private static string Counted(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static void Count(List<ExpectationResult> results, string name, int? limit, int measured, string detail = "")
    {
        if (limit is { } bound)
        {
            var passed = measured <= bound;
            var text = measured.ToString(CultureInfo.InvariantCulture);
            results.Add(ExpectationResult.Create(name, bound.ToString(CultureInfo.InvariantCulture), passed || detail.Length == 0 ? text : $"{text} ({detail})", passed));
        }
    }

    // Which devices and when, so that a failed run says where to look in the timeline.
    private static string Which(IReadOnlyList<Measuring.DeviceAct> acts)
    {
        const int Shown = 3;
        var listed = string.Join(", ", acts.Take(Shown).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Device} at {a.At.TotalSeconds:0.0}s")));
        return acts.Count > Shown ? $"{listed} and {acts.Count - Shown} more" : listed;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>What the figures cannot show: which devices an unended latency belongs to, who was unreachable at the end, which instructions were false.</summary>
/// <param name="UnrestoredDevices">Devices with a broken incident that no check ever restored.</param>
/// <param name="UndetectedDevices">Devices with a broken incident that nothing ever acted on.</param>
/// <param name="UnreachableAtEnd">Devices the final sweep could not reach.</param>
/// <param name="FalseRemaps">The instructions judged false, in time order.</param>
internal sealed record MeasuredGaps(int UnrestoredDevices, int UndetectedDevices, int UnreachableAtEnd, IReadOnlyList<Measuring.DeviceAct> FalseRemaps);
